import type { BookingStatus, ItemStatus } from "./statuses";

/**
 * The booking machine: the spec's table with the corrections of docs/architecture.md ("Lifecycle").
 * - `confirmed | ticketed | modified → partially_cancelled` is added.
 * - The spec's `failed` does not exist: a pending booking that fails is `cancelled`.
 * - `disputed` returns to the status held before the dispute when won (any status that can be
 *   disputed), or becomes `refunded` when the chargeback leaves nothing paid.
 * - Second wave: `pending → partially_cancelled` (a provider refuses one item at intake) and
 *   `partially_cancelled → no_show` (every live item a no-show).
 */
export const bookingTransitions: Readonly<Record<BookingStatus, readonly BookingStatus[]>> = {
  pending: ["confirmed", "partially_cancelled", "cancelled"],
  confirmed: ["ticketed", "modified", "partially_cancelled", "cancelled", "completed", "no_show", "disputed"],
  ticketed: ["modified", "partially_cancelled", "cancelled", "completed", "no_show", "disputed"],
  modified: ["ticketed", "partially_cancelled", "cancelled", "completed", "no_show", "disputed"],
  partially_cancelled: ["cancelled", "completed", "no_show", "disputed"],
  cancelled: ["refunded", "disputed"],
  completed: ["disputed"],
  no_show: ["disputed"],
  disputed: [
    "confirmed",
    "ticketed",
    "modified",
    "partially_cancelled",
    "cancelled",
    "completed",
    "no_show",
    "refunded",
  ],
  refunded: [],
};

/** Statuses a booking may return to after a dispute: exactly the ones it may be disputed from. */
export const disputableStatuses = (Object.keys(bookingTransitions) as BookingStatus[]).filter((s) =>
  bookingTransitions[s].includes("disputed"),
);

/**
 * The item machine (docs/architecture.md, "Lifecycle"). `schedule_changed` goes back to the
 * status it came from when the traveler accepts; that return is checked with `previous` (see canTransitionItem). Second wave:
 * `pending → provider_cancelled` (refused at intake) and `schedule_changed → no_show`.
 */
export const itemTransitions: Readonly<Record<ItemStatus, readonly ItemStatus[]>> = {
  pending: ["confirmed", "cancelled", "provider_cancelled"],
  confirmed: ["ticketed", "modified", "schedule_changed", "cancelled", "provider_cancelled", "completed", "no_show"],
  ticketed: ["ticketed", "modified", "schedule_changed", "cancelled", "provider_cancelled", "completed", "no_show"],
  modified: ["ticketed", "modified", "schedule_changed", "cancelled", "provider_cancelled", "completed", "no_show"],
  schedule_changed: [
    "confirmed",
    "ticketed",
    "modified",
    "schedule_changed",
    "cancelled",
    "provider_cancelled",
    "no_show",
  ],
  cancelled: [],
  provider_cancelled: [],
  completed: [],
  no_show: [],
};

/**
 * The rebooking edge: a cancelled booking comes back to life as `modified` when a replacement item
 * is bought for it. Only the rebooking writer may take it, so it is not in the table above.
 */
export const rebookableStatuses: readonly BookingStatus[] = ["cancelled", "partially_cancelled", "refunded"];
export const canRebook = (from: BookingStatus) => rebookableStatuses.includes(from);

export function canTransitionBooking(
  from: BookingStatus,
  to: BookingStatus,
  beforeDispute?: BookingStatus | null,
): boolean {
  if (!bookingTransitions[from].includes(to)) return false;
  // A won dispute restores the earlier status, not any status; a lost one may end in refunded.
  if (from === "disputed" && to !== "refunded" && beforeDispute) return to === beforeDispute;
  return true;
}

/**
 * @param previous the status held before `schedule_changed` (the item's `previous_status`):
 *   accepting a change returns exactly there.
 */
export function canTransitionItem(from: ItemStatus, to: ItemStatus, previous?: ItemStatus | null): boolean {
  if (!itemTransitions[from].includes(to)) return false;
  if (from === "schedule_changed" && (to === "confirmed" || to === "ticketed" || to === "modified")) {
    return previous === to;
  }
  return true;
}

export const finalItemStatuses: readonly ItemStatus[] = ["cancelled", "provider_cancelled", "completed", "no_show"];
/** Both cancelled kinds: they count alike in the booking's derived status. */
export const cancelledItemStatuses: readonly ItemStatus[] = ["cancelled", "provider_cancelled"];

/**
 * The booking status implied by its items' cancellations (docs/architecture.md, "Lifecycle"): all cancelled (either
 * kind) → cancelled; some → partially_cancelled; none → null (the booking keeps its own status).
 */
export function derivedCancellationStatus(items: readonly ItemStatus[]): "cancelled" | "partially_cancelled" | null {
  const n = items.filter((s) => cancelledItemStatuses.includes(s)).length;
  if (n === 0) return null;
  return n === items.length ? "cancelled" : "partially_cancelled";
}

/** Statuses a booking reaches past its items' cancellations: they keep their own status. */
const beyondCancellation: readonly BookingStatus[] = ["disputed", "refunded", "completed", "no_show"];

/**
 * Whether a booking's status agrees with its items' (a booking arriving in its current status:
 * created, imported, seeded): all cancelled → cancelled, some → partially_cancelled, none → any
 * other status; a dispute, a refund, completion or a no-show keep their own.
 */
export function statusAgreesWithItems(status: BookingStatus, items: readonly ItemStatus[]): boolean {
  if (beyondCancellation.includes(status)) return true;
  const derived = derivedCancellationStatus(items);
  const cancelledKind = status === "cancelled" || status === "partially_cancelled";
  return derived ? status === derived : !cancelledKind;
}

/** What an item transition request amounts to, before anything is written. */
export type ItemTransitionDecision =
  | { kind: "stale" }
  | { kind: "duplicate"; touchEventAt: boolean }
  | { kind: "invalid"; message: string }
  | { kind: "apply"; newerEvent: boolean; previous: ItemStatus | null; acknowledgesChange: boolean };

const returnable: readonly ItemStatus[] = ["confirmed", "ticketed", "modified"];

/**
 * Provider ordering and the item machine for one request (used by the lifecycle service and the
 * batched webhook path, so both decide alike). An event older than the last applied one is stale.
 * A provider repeating the status the item has is a redelivery (duplicate; only a newer event time
 * is kept) unless it is newer and the machine allows the repeat (another schedule change).
 */
export function decideItemTransition(
  item: { status: ItemStatus; previousStatus: ItemStatus | null; providerEventAt: Date | null },
  req: { to: ItemStatus; replaying: boolean; providerEventAt: Date | null },
): ItemTransitionDecision {
  const from = item.status,
    to = req.to,
    eventAt = req.providerEventAt,
    last = item.providerEventAt;
  if (eventAt && last && eventAt.getTime() < last.getTime()) return { kind: "stale" };
  const newerEvent = eventAt !== null && (last === null || eventAt.getTime() > last.getTime());
  if (from === to && req.replaying && (!newerEvent || !canTransitionItem(from, to, item.previousStatus))) {
    return { kind: "duplicate", touchEventAt: newerEvent };
  }
  if (!canTransitionItem(from, to, item.previousStatus)) {
    const hint =
      from === "schedule_changed" && returnable.includes(to)
        ? ` (accepting a schedule change returns to ${item.previousStatus ?? "its previous status"})`
        : "";
    return { kind: "invalid", message: `An item cannot go from ${from} to ${to}${hint}` };
  }
  // Entering schedule_changed remembers where it came from; a repeat keeps the first origin.
  const previous = from === "schedule_changed" && to === "schedule_changed" ? item.previousStatus : from;
  // The traveler answered the change: accepted (back to previous) or rejected (cancelled).
  const acknowledgesChange = from === "schedule_changed" && to !== "schedule_changed" && to !== "provider_cancelled";
  return { kind: "apply", newerEvent, previous, acknowledgesChange };
}

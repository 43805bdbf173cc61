import type { BookingStatus, ItemStatus } from "./statuses";

/**
 * The booking machine: the spec's table with DESIGN.md's corrections.
 * - `confirmed | ticketed | modified → partially_cancelled` is added.
 * - The spec's `failed` does not exist: a pending booking that fails is `cancelled`.
 * - `disputed` returns to the status held before the dispute when won (any status that can be
 *   disputed), or becomes `refunded` when the chargeback leaves nothing paid.
 */
export const bookingTransitions: Readonly<Record<BookingStatus, readonly BookingStatus[]>> = {
  pending: ["confirmed", "cancelled"],
  confirmed: ["ticketed", "modified", "partially_cancelled", "cancelled", "completed", "no_show", "disputed"],
  ticketed: ["modified", "partially_cancelled", "cancelled", "completed", "no_show", "disputed"],
  modified: ["ticketed", "partially_cancelled", "cancelled", "completed", "no_show", "disputed"],
  partially_cancelled: ["cancelled", "completed", "disputed"],
  cancelled: ["refunded", "disputed"],
  completed: ["disputed"],
  no_show: ["disputed"],
  disputed: ["confirmed", "ticketed", "modified", "partially_cancelled", "cancelled", "completed", "no_show", "refunded"],
  refunded: [],
};

/** Statuses a booking may return to after a dispute: exactly the ones it may be disputed from. */
export const disputableStatuses = (Object.keys(bookingTransitions) as BookingStatus[]).filter((s) =>
  bookingTransitions[s].includes("disputed"),
);

/**
 * The item machine (DESIGN.md). `schedule_changed` goes back to the status it came from when the
 * traveler accepts; that return is checked with `previous` (see canTransitionItem).
 */
export const itemTransitions: Readonly<Record<ItemStatus, readonly ItemStatus[]>> = {
  pending: ["confirmed", "cancelled"],
  confirmed: ["ticketed", "modified", "schedule_changed", "cancelled", "provider_cancelled", "completed", "no_show"],
  ticketed: ["ticketed", "modified", "schedule_changed", "cancelled", "provider_cancelled", "completed", "no_show"],
  modified: ["ticketed", "modified", "schedule_changed", "cancelled", "provider_cancelled", "completed", "no_show"],
  schedule_changed: ["confirmed", "ticketed", "modified", "schedule_changed", "cancelled", "provider_cancelled"],
  cancelled: [],
  provider_cancelled: [],
  completed: [],
  no_show: [],
};

export function canTransitionBooking(from: BookingStatus, to: BookingStatus, beforeDispute?: BookingStatus | null): boolean {
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
const cancelledKinds: readonly ItemStatus[] = ["cancelled", "provider_cancelled"];

/**
 * The booking status implied by its items' cancellations (DESIGN.md): all cancelled (either
 * kind) → cancelled; some → partially_cancelled; none → null (the booking keeps its own status).
 */
export function derivedCancellationStatus(items: readonly ItemStatus[]): "cancelled" | "partially_cancelled" | null {
  const n = items.filter((s) => cancelledKinds.includes(s)).length;
  if (n === 0) return null;
  return n === items.length ? "cancelled" : "partially_cancelled";
}

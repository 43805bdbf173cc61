// The lifecycle's test oracle: a pure model of the lifecycle service for its property tests
// (server/services/lifecycle/lifecycle.property.int.test.ts), what the database must hold after
// each call. It restates the rules of docs/architecture.md ("Lifecycle") on plain data, with no I/O.
import { canTransitionBooking, canTransitionItem, derivedCancellationStatus } from "@/server/domain/booking-machine";
import { isReplaying as replaying, type Actor } from "@/server/domain/actor";
import type { BookingStatus, ItemStatus } from "@/server/domain/statuses";

export type ModelItem = { id: string; bookingId: string; status: ItemStatus; previous: ItemStatus | null };
export type ModelBooking = { id: string; status: BookingStatus; beforeDispute: BookingStatus | null };
export type Outcome =
  { kind: "applied"; bookingChanged: boolean } | { kind: "duplicate" } | { kind: "invalid"; from: string; to: string };

export class LifecycleModel {
  itemApplied = 0;
  bookingApplied = 0;
  constructor(
    public items: Map<string, ModelItem>,
    public bookings: Map<string, ModelBooking>,
  ) {}

  item(itemId: string, to: ItemStatus, actor: Actor): Outcome {
    const it = this.items.get(itemId)!;
    if (it.status === to && replaying(actor)) return { kind: "duplicate" };
    if (!canTransitionItem(it.status, to, it.previous)) return { kind: "invalid", from: it.status, to };
    // Entering schedule_changed remembers where it came from; a repeat keeps the first origin.
    if (!(it.status === "schedule_changed" && to === "schedule_changed")) it.previous = it.status;
    it.status = to;
    this.itemApplied++;
    const b = this.bookings.get(it.bookingId)!;
    const derived = derivedCancellationStatus(
      [...this.items.values()].filter((i) => i.bookingId === b.id).map((i) => i.status),
    );
    if (b.status === "disputed") {
      if (derived && b.beforeDispute && b.beforeDispute !== derived && canTransitionBooking(b.beforeDispute, derived))
        b.beforeDispute = derived;
      return { kind: "applied", bookingChanged: false };
    }
    if (derived && derived !== b.status && canTransitionBooking(b.status, derived, b.beforeDispute)) {
      b.status = derived;
      this.bookingApplied++;
      return { kind: "applied", bookingChanged: true };
    }
    return { kind: "applied", bookingChanged: false };
  }

  booking(bookingId: string, to: BookingStatus, actor: Actor): Outcome {
    const b = this.bookings.get(bookingId)!;
    if (b.status === to && replaying(actor)) return { kind: "duplicate" };
    if (!canTransitionBooking(b.status, to, b.beforeDispute)) return { kind: "invalid", from: b.status, to };
    if (to === "disputed") b.beforeDispute = b.status;
    else if (b.status === "disputed") b.beforeDispute = null;
    b.status = to;
    this.bookingApplied++;
    return { kind: "applied", bookingChanged: true };
  }
}

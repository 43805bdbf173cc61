import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { bookings } from "@/db/schema";
import { canTransitionBooking } from "@/server/domain/booking-machine";
import { DomainError } from "@/server/domain/errors";
import type { BookingStatus } from "@/server/domain/statuses";
import { recordEvent } from "@/server/services/events/record-event";
import { stamp, writeHistory } from "./history";
import {
  replayingActors,
  type BookingTransitionResult,
  type TransitionBookingInput,
  type TransitionContext,
} from "./types";

type LockedBooking = { id: string; status: BookingStatus; statusBeforeDispute: BookingStatus | null };

/** Runs `fn` in a transaction of its own, or in a savepoint of the caller's. */
export function inTransaction<T>(db: Db | Tx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return (db as Db).transaction(fn);
}

export async function lockBooking(tx: Tx, bookingId: string): Promise<LockedBooking> {
  const [row] = await tx
    .select({ id: bookings.id, status: bookings.status, statusBeforeDispute: bookings.statusBeforeDispute })
    .from(bookings)
    .where(eq(bookings.id, bookingId))
    .for("update");
  if (!row) throw new DomainError("not_found", `Booking ${bookingId} not found`, { bookingId });
  return row;
}

export function invalidBookingTransition(
  bookingId: string,
  from: BookingStatus,
  to: BookingStatus,
  beforeDispute: BookingStatus | null,
) {
  const hint =
    from === "disputed" && beforeDispute && to !== "refunded"
      ? ` (a dispute returns to ${beforeDispute} or ends in refunded)`
      : "";
  return new DomainError("invalid_transition", `A booking cannot go from ${from} to ${to}${hint}`, {
    bookingId,
    from,
    to,
  });
}

/**
 * Writes an already validated booking transition: the row, its history, its event. Entering
 * `disputed` remembers the status to restore; leaving it forgets it (DESIGN.md, booking machine).
 */
export async function writeBookingTransition(
  tx: Tx,
  booking: LockedBooking,
  to: BookingStatus,
  ctx: TransitionContext,
  extra: { reason?: string; itemId?: string } = {},
) {
  const at = stamp(ctx);
  const reason = extra.reason ?? ctx.reason;
  await tx
    .update(bookings)
    .set({
      status: to,
      previousStatus: booking.status,
      statusChangedAt: at,
      statusChangeReason: reason,
      updatedAt: at,
      ...(to === "disputed" ? { statusBeforeDispute: booking.status, hasDispute: true } : {}),
      ...(booking.status === "disputed" ? { statusBeforeDispute: null } : {}),
      ...(to === "cancelled"
        ? { isCancelled: true, cancelledAt: at, cancelledBy: ctx.actor, cancellationReason: reason }
        : {}),
      ...(to === "completed" ? { completedAt: at } : {}),
    })
    .where(eq(bookings.id, booking.id));
  await writeHistory(tx, { bookingId: booking.id, from: booking.status, to, ctx, reason });
  await recordEvent(tx, "booking/status_changed", {
    bookingId: booking.id,
    from: booking.status,
    to,
    actor: ctx.actor,
    reason,
    ...(extra.itemId ? { causedByItemId: extra.itemId } : {}),
  });
}

/**
 * Applies one booking transition in one transaction (or the caller's): lock, validate against the
 * booking machine, write row + history + `booking/status_changed`. A provider/webhook repeating
 * the status the booking already has is a no-op (redelivery); anyone else gets invalid_transition.
 * Items are not touched: cancelling items goes through transitionItem, which derives the booking.
 */
export function transitionBooking(db: Db | Tx, input: TransitionBookingInput): Promise<BookingTransitionResult> {
  return inTransaction(db, async (tx) => {
    const booking = await lockBooking(tx, input.bookingId);
    const from = booking.status;
    if (input.expectedFrom && input.expectedFrom !== from) {
      throw new DomainError("conflict", `Booking is ${from}, not ${input.expectedFrom}`, {
        bookingId: booking.id,
        from,
        expectedFrom: input.expectedFrom,
        to: input.to,
      });
    }
    if (from === input.to && replayingActors.includes(input.actor)) {
      return { applied: false, reason: "duplicate", bookingId: booking.id, from, to: from };
    }
    if (!canTransitionBooking(from, input.to, booking.statusBeforeDispute)) {
      throw invalidBookingTransition(booking.id, from, input.to, booking.statusBeforeDispute);
    }
    await writeBookingTransition(tx, booking, input.to, input);
    return { applied: true, bookingId: booking.id, from, to: input.to };
  });
}

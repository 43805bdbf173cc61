import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { bookings } from "@/db/schema";
import { isReplaying } from "@/server/domain/actor";
import { canTransitionBooking } from "@/server/domain/booking-machine";
import { DomainError } from "@/server/domain/errors";
import type { BookingStatus } from "@/server/domain/statuses";
import { historyContext } from "./history";
import type { BookingTransitionResult, TransitionBookingInput, TransitionContext } from "./types";
import { invalidBookingTransition, writeBookingChanges } from "./write-bookings";

export type LockedBooking = { id: string; status: BookingStatus; statusBeforeDispute: BookingStatus | null };

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

/** One booking move through the set-based writer (row, history, event). */
export const writeBookingTransition = (
  tx: Tx,
  booking: LockedBooking,
  to: BookingStatus,
  ctx: TransitionContext,
  extra: { reason?: string; itemId?: string } = {},
) =>
  writeBookingChanges(tx, [
    {
      ...historyContext(ctx),
      bookingId: booking.id,
      from: booking.status,
      to,
      beforeDispute: booking.statusBeforeDispute,
      reason: extra.reason ?? ctx.reason,
      causedByItemId: extra.itemId ?? null,
    },
  ]);

/**
 * Applies one booking transition in one transaction (or the caller's): lock, validate against the
 * booking machine, write row + history + `booking/status_changed`. A provider repeating the status
 * the booking already has is a no-op (redelivery); anyone else gets invalid_transition. Items are
 * not touched: cancelling items goes through transitionItem, which derives the booking.
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
    if (from === input.to && isReplaying(input.actor)) {
      return { applied: false, reason: "duplicate", bookingId: booking.id, from, to: from };
    }
    if (!canTransitionBooking(from, input.to, booking.statusBeforeDispute)) {
      throw invalidBookingTransition(booking.id, from, input.to, booking.statusBeforeDispute);
    }
    await writeBookingTransition(tx, booking, input.to, input);
    return { applied: true, bookingId: booking.id, from, to: input.to };
  });
}

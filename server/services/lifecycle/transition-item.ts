import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { bookingItems, bookings } from "@/db/schema";
import { isReplaying } from "@/server/domain/actor";
import { canTransitionBooking, decideItemTransition, derivedCancellationStatus } from "@/server/domain/booking-machine";
import { DomainError } from "@/server/domain/errors";
import { historyContext, stamp } from "./history";
import { inTransaction, lockBooking, writeBookingTransition, type LockedBooking } from "./transition-booking";
import type { BookingChange, ItemTransitionResult, TransitionContext, TransitionItemInput } from "./types";
import { writeItemChanges } from "./write-items";

/**
 * Applies one item transition in one transaction (or the caller's), then derives the booking's
 * status from its items (docs/architecture.md, "Lifecycle": all cancelled, either kind → cancelled;
 * some → partially_cancelled).
 *
 * Locks the booking, then the item (always in this order, so concurrent transitions of items of
 * one booking serialise instead of deadlocking or losing the derived status).
 *
 * Provider ordering: an event whose `providerEventAt` is older than the item's last applied one is
 * ignored (`stale`), so an older event never moves the item back. A provider repeating the status
 * the item already has is a redelivery (`duplicate`, nothing written but the newer event time)
 * unless it carries a newer event time and the machine allows the repeat (another schedule
 * change, a re-ticketing): that is a new change and is applied.
 */
export function transitionItem(db: Db | Tx, input: TransitionItemInput): Promise<ItemTransitionResult> {
  return inTransaction(db, async (tx) => {
    const [ref] = await tx
      .select({ bookingId: bookingItems.bookingId })
      .from(bookingItems)
      .where(eq(bookingItems.id, input.itemId));
    if (!ref) throw new DomainError("not_found", `Booking item ${input.itemId} not found`, { itemId: input.itemId });
    const booking = await lockBooking(tx, ref.bookingId);
    const [item] = await tx
      .select({
        id: bookingItems.id,
        status: bookingItems.status,
        previousStatus: bookingItems.previousStatus,
        providerEventAt: bookingItems.providerEventAt,
      })
      .from(bookingItems)
      .where(eq(bookingItems.id, input.itemId))
      .for("update");
    if (!item) throw new DomainError("not_found", `Booking item ${input.itemId} not found`, { itemId: input.itemId });

    const from = item.status,
      to = input.to;
    const unchanged = (reason: "stale" | "duplicate"): ItemTransitionResult => ({
      applied: false,
      reason,
      itemId: item.id,
      bookingId: booking.id,
      from,
      to: from,
      booking: { bookingId: booking.id, from: booking.status, to: booking.status, applied: false },
    });
    if (input.expectedFrom && input.expectedFrom !== from) {
      throw new DomainError("conflict", `Item is ${from}, not ${input.expectedFrom}`, {
        itemId: item.id,
        from,
        expectedFrom: input.expectedFrom,
        to,
      });
    }

    const decision = decideItemTransition(item, {
      to,
      replaying: isReplaying(input.actor),
      providerEventAt: input.providerEventAt ?? null,
    });
    if (decision.kind === "stale") return unchanged("stale");
    if (decision.kind === "duplicate") {
      if (decision.touchEventAt) {
        const state = { itemId: item.id, status: from, previousStatus: item.previousStatus, changed: false };
        await writeItemChanges(tx, [{ ...state, providerEventAt: input.providerEventAt }], []);
      }
      return unchanged("duplicate");
    }
    if (decision.kind === "invalid")
      throw new DomainError("invalid_transition", decision.message, { itemId: item.id, from, to });

    await writeItemChanges(
      tx,
      [
        {
          itemId: item.id,
          status: to,
          previousStatus: decision.previous,
          changed: true,
          acknowledgesChange: decision.acknowledgesChange,
          providerEventAt: decision.newerEvent ? input.providerEventAt : null,
          at: input.at,
        },
      ],
      [
        {
          ...historyContext(input),
          itemId: item.id,
          bookingId: booking.id,
          from,
          to,
          fromPrevious: item.previousStatus,
        },
      ],
    );
    const bookingChange = await deriveBookingStatus(tx, booking, item.id, input);
    return { applied: true, itemId: item.id, bookingId: booking.id, from, to, booking: bookingChange };
  });
}

/**
 * Moves the booking to the status its items imply, when the booking machine allows it: a completed
 * booking stays completed. A booking in dispute keeps `disputed`; what the items imply becomes the
 * status a won dispute restores.
 */
async function deriveBookingStatus(
  tx: Tx,
  booking: LockedBooking,
  itemId: string,
  ctx: TransitionContext,
): Promise<BookingChange> {
  const same: BookingChange = { bookingId: booking.id, from: booking.status, to: booking.status, applied: false };
  const items = await tx
    .select({ status: bookingItems.status })
    .from(bookingItems)
    .where(eq(bookingItems.bookingId, booking.id));
  const derived = derivedCancellationStatus(items.map((i) => i.status));
  if (!derived || derived === booking.status) return same;
  if (booking.status === "disputed") {
    const before = booking.statusBeforeDispute;
    if (before && before !== derived && canTransitionBooking(before, derived)) {
      await tx
        .update(bookings)
        .set({ statusBeforeDispute: derived, updatedAt: stamp(ctx) })
        .where(eq(bookings.id, booking.id));
    }
    return same;
  }
  if (!canTransitionBooking(booking.status, derived, booking.statusBeforeDispute)) return same;
  const why = derived === "cancelled" ? "All items cancelled" : "Some items cancelled";
  await writeBookingTransition(tx, booking, derived, ctx, { reason: `${why}: ${ctx.reason}`, itemId });
  return { bookingId: booking.id, from: booking.status, to: derived, applied: true };
}

import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { systemActor } from "@/server/domain/actor";
import { bookingTransitions, finalItemStatuses, itemTransitions } from "@/server/domain/booking-machine";
import { bookingStatuses, itemStatuses, type BookingStatus, type ItemStatus } from "@/server/domain/statuses";
import { writeBookingChanges, writeItemChanges } from "@/server/services/lifecycle";

/**
 * Bookings that end in `completed` when travel is over: every status the machine lets complete,
 * but a dispute (it returns to completed only when that is where it came from). The spec names
 * confirmed and ticketed; modified and partially_cancelled bookings travel too.
 */
const completable = bookingStatuses.filter((s) => s !== "disputed" && bookingTransitions[s].includes("completed"));
/** Items that complete with their booking, and items that hold it back (they cannot complete). */
const completingItems = itemStatuses.filter((s) => itemTransitions[s].includes("completed"));
const blockingItems = itemStatuses.filter((s) => !finalItemStatuses.includes(s) && !completingItems.includes(s));

const actor = systemActor("complete-ended-bookings");
const reason = "Travel ended";

/**
 * Moves up to `limit` bookings whose travel ended before `now` to completed, with their live
 * items, through the lifecycle's set-based writers (history rows, one `booking/completed` event
 * each; the items' moves are announced by it), in one transaction. Idempotent per booking: only
 * bookings still in a completable status are touched, and rows locked by another worker are
 * skipped. A booking with an item still pending or awaiting a schedule-change answer is left for a
 * human: the item machine does not let those complete.
 */
export async function completeEndedBookings(
  db: Db,
  opts: { now: Date; limit?: number },
): Promise<{ completed: number }> {
  const at = opts.now;
  return db.transaction(async (tx) => {
    const due = await tx.execute<{ id: string; status: BookingStatus; before_dispute: BookingStatus | null }>(sql`
      select b.id, b.status, b.status_before_dispute as before_dispute from bookings b
      where b.status in ${completable} and b.travel_end_at < ${at.toISOString()}::timestamptz
        and not exists (select 1 from booking_items i where i.booking_id = b.id and i.status in ${blockingItems})
      order by b.travel_end_at limit ${opts.limit ?? 500}
      for update of b skip locked`);
    if (due.length === 0) return { completed: 0 };
    const items = await tx.execute<{ id: string; booking_id: string; status: ItemStatus; previous: ItemStatus | null }>(
      sql`select id, booking_id, status, previous_status as previous from booking_items
        where booking_id in ${due.map((d) => d.id)} and status in ${completingItems} order by id for update`,
    );
    await writeItemChanges(
      tx,
      items.map((i) => ({ itemId: i.id, status: "completed", previousStatus: i.status, changed: true, at })),
      items.map((i) => ({
        itemId: i.id,
        bookingId: i.booking_id,
        from: i.status,
        to: "completed",
        fromPrevious: i.previous,
        actor,
        reason,
        at,
        announce: false,
      })),
    );
    await writeBookingChanges(
      tx,
      due.map((b) => ({
        bookingId: b.id,
        from: b.status,
        to: "completed",
        beforeDispute: b.before_dispute,
        actor,
        reason,
        at,
      })),
    );
    return { completed: due.length };
  });
}

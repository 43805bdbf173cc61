import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

/**
 * Statuses that end in `completed` when travel is over. The spec names confirmed and ticketed;
 * modified and partially_cancelled bookings travel too, and the machine allows them to complete,
 * so leaving them out would strand them forever.
 */
const completable = ["confirmed", "ticketed", "modified", "partially_cancelled"] as const;

/**
 * Moves up to `limit` bookings whose travel ended before `now` to completed, with their live
 * items, history rows and one `booking/completed` event each, in one transaction. Idempotent per
 * booking: only bookings still in a completable status are touched, and rows locked by another
 * worker are skipped. A booking with an item still pending or awaiting a schedule-change answer is
 * left for a human: the item machine does not let those complete.
 */
export async function completeEndedBookings(
  db: Db,
  opts: { now: Date; limit?: number },
): Promise<{ completed: number }> {
  const now = opts.now.toISOString();
  return db.transaction(async (tx) => {
    const done = await tx.execute<{ id: string; reference: string; from_status: string }>(sql`
      with due as (
        select b.id, b.status from bookings b
        where b.status in ${completable} and b.travel_end_at < ${now}::timestamptz
          and not exists (select 1 from booking_items i where i.booking_id = b.id and i.status in ('pending', 'schedule_changed'))
        order by b.travel_end_at limit ${opts.limit ?? 500}
        for update of b skip locked)
      update bookings b set status = 'completed', previous_status = due.status, status_changed_at = ${now}::timestamptz,
        status_change_reason = 'Travel ended', completed_at = ${now}::timestamptz, updated_at = ${now}::timestamptz
      from due where b.id = due.id
      returning b.id, b.booking_reference as reference, due.status::text as from_status`);
    if (done.length === 0) return { completed: 0 };
    const ids = done.map((d) => d.id);
    await tx.execute(sql`
      with items as (
        update booking_items i set status = 'completed', previous_status = i.status, status_changed_at = ${now}::timestamptz, updated_at = ${now}::timestamptz
        from (select id, status from booking_items where booking_id in ${ids} and status in ('confirmed', 'ticketed', 'modified') for update) old
        where i.id = old.id
        returning i.id, i.booking_id, old.status::text as from_status)
      insert into booking_status_history (booking_id, booking_item_id, from_status, to_status, changed_by, change_reason, created_at)
      select booking_id, id, from_status, 'completed', 'system', 'Travel ended', ${now}::timestamptz from items`);
    await tx.execute(sql`
      insert into booking_status_history (booking_id, from_status, to_status, changed_by, change_reason, created_at)
      select d.id, d.from_status, 'completed', 'system', 'Travel ended', ${now}::timestamptz
      from json_to_recordset(${JSON.stringify(done)}::json) as d(id uuid, from_status text)`);
    await tx.execute(sql`
      insert into outbox (name, data, created_at)
      select 'booking/completed', json_build_object('bookingId', d.id, 'reference', d.reference, 'completedAt', ${now}::text), ${now}::timestamptz
      from json_to_recordset(${JSON.stringify(done)}::json) as d(id uuid, reference text)`);
    return { completed: done.length };
  });
}

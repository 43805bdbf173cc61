import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { sqlList } from "@/db/raw-sql";
import { cancelledItemStatuses } from "@/server/domain/booking-machine";
import { liveBookingStatuses } from "@/server/domain/statuses";
import { queueCommunication } from "./queue-communication";

// docs/architecture.md, "Reminders": per-traveler daily work runs at its hour in the traveler's zone (the first item's
// IANA zone). The hourly functions pick the bookings whose local hour has come; the dedupe key
// (per booking and kind) makes a second pick, or a second run, queue nothing.

const SEND_HOUR = 9;
/** Bookings that still travel: a reminder for anything else is pointless. */
const live = sqlList(liveBookingStatuses);

/** Trip reminders 7 days and 1 day before the first item, from 9:00 local on that day. Returns the queued ids. */
export async function queueTripReminders(db: Db, now: Date): Promise<string[]> {
  const iso = now.toISOString();
  const due = await db.execute<{ booking_id: string; days: number }>(sql`
    with first as (
      select distinct on (i.booking_id) i.booking_id, i.start_at, coalesce(i.start_zone, 'UTC') as zone
      from booking_items i join bookings b on b.id = i.booking_id
      where b.status in ${live} and i.status not in ${sqlList(cancelledItemStatuses)}
        and i.start_at > ${iso}::timestamptz and i.start_at < ${iso}::timestamptz + interval '9 days'
      order by i.booking_id, i.start_at
    ), local as (
      select booking_id, (start_at at time zone zone)::date - (${iso}::timestamptz at time zone zone)::date as days,
             extract(hour from ${iso}::timestamptz at time zone zone) as hour
      from first
    )
    select booking_id, days from local l
    where days in (7, 1) and hour >= ${SEND_HOUR}
      and not exists (select 1 from booking_communications c where c.dedupe_key = 'trip_reminder:' || l.days || 'd:' || l.booking_id)`);
  return queueAll(
    db,
    due.map((r) => ({
      bookingId: r.booking_id,
      type: "trip_reminder" as const,
      dedupeKey: `trip_reminder:${r.days}d:${r.booking_id}`,
      templateData: { days: r.days },
    })),
  );
}

/** A review request the day after completion, from 9:00 local (caught up for a week if a run was missed). */
export async function queueReviewRequests(db: Db, now: Date): Promise<string[]> {
  const iso = now.toISOString();
  const due = await db.execute<{ booking_id: string }>(sql`
    with done as (
      select b.id, b.completed_at,
        coalesce((select i.start_zone from booking_items i where i.booking_id = b.id order by i.start_at nulls last limit 1), 'UTC') as zone
      from bookings b
      where b.status = 'completed' and b.completed_at > ${iso}::timestamptz - interval '7 days' and b.completed_at <= ${iso}::timestamptz
        and b.travel_start_at > ${iso}::timestamptz - interval '120 days'
    )
    select id as booking_id from done d
    where (${iso}::timestamptz at time zone zone)::date - (completed_at at time zone zone)::date >= 1
      and (extract(hour from ${iso}::timestamptz at time zone zone) >= ${SEND_HOUR}
           or (${iso}::timestamptz at time zone zone)::date - (completed_at at time zone zone)::date >= 2)
      and not exists (select 1 from booking_communications c where c.dedupe_key = 'review_request:' || d.id)`);
  return queueAll(
    db,
    due.map((r) => ({
      bookingId: r.booking_id,
      type: "review_request" as const,
      dedupeKey: `review_request:${r.booking_id}`,
    })),
  );
}

async function queueAll(db: Db, inputs: Parameters<typeof queueCommunication>[1][]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < inputs.length; i += 200) {
    await db.transaction(async (tx) => {
      for (const input of inputs.slice(i, i + 200)) {
        const id = await queueCommunication(tx, input);
        if (id) ids.push(id);
      }
    });
  }
  return ids;
}

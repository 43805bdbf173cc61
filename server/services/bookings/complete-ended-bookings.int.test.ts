import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "@/db/seed";
import { createTestDb } from "@/tests/db";
import { completeEndedBookings } from "./complete-ended-bookings";

const db = await createTestDb();
const seededAt = new Date("2026-11-24T12:00:00Z");
const later = new Date("2026-12-24T12:00:00Z"); // a month on: many more trips have ended
const q = async <T>(query: ReturnType<typeof sql>) => (await db.execute(query)) as unknown as T[];

beforeAll(async () => {
  await seedDemo(db, { bookings: 200, now: seededAt });
});

describe("completeEndedBookings", () => {
  it("completes every ended booking once, with its items, history and one event, under two concurrent workers", async () => {
    const [{ due, stuck }] = await q<{ due: number; stuck: number }>(sql`select
      count(*) filter (where not exists (select 1 from booking_items i where i.booking_id = b.id and i.status in ('pending', 'schedule_changed'))) ::int as due,
      count(*) filter (where exists (select 1 from booking_items i where i.booking_id = b.id and i.status in ('pending', 'schedule_changed')))::int as stuck
      from bookings b where status in ('confirmed', 'ticketed', 'modified', 'partially_cancelled') and travel_end_at < ${later.toISOString()}::timestamptz`);
    expect(due).toBeGreaterThan(10);

    let total = 0;
    for (;;) {
      const r = await Promise.all([
        completeEndedBookings(db, { now: later, limit: 7 }),
        completeEndedBookings(db, { now: later, limit: 7 }),
      ]);
      const n = r[0].completed + r[1].completed;
      if (n === 0) break;
      total += n;
    }
    expect(total).toBe(due);
    expect((await completeEndedBookings(db, { now: later })).completed).toBe(0); // idempotent

    const [check] = await q<Record<string, number>>(sql`select
      (select count(*)::int from outbox where name = 'booking/completed') as events,
      (select count(distinct data->>'bookingId')::int from outbox where name = 'booking/completed') as distinct_events,
      (select count(*)::int from booking_status_history where to_status = 'completed' and booking_item_id is null and created_at = ${later.toISOString()}::timestamptz) as history,
      (select count(*)::int from bookings b join booking_items i on i.booking_id = b.id
         where b.completed_at = ${later.toISOString()}::timestamptz and i.status not in ('completed', 'cancelled', 'provider_cancelled')) as live_items_left,
      (select count(*)::int from bookings b where status in ('confirmed', 'ticketed', 'modified', 'partially_cancelled') and travel_end_at < ${later.toISOString()}::timestamptz) as left_for_humans`);
    expect(check).toEqual({
      events: due,
      distinct_events: due,
      history: due,
      live_items_left: 0,
      left_for_humans: stuck,
    });
  });
});

import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "@/db/seed";
import { createTestDb } from "@/tests/db";
import { storeWebhooks } from "@/server/services/webhooks/store-webhooks";
import { processProviderWebhook } from "./process-webhook";
import { escalateUnansweredChanges, releaseWaitingWebhooks, renotifyUnansweredChanges } from "./schedule-change-watch";

const db = await createTestDb();
const q = async <T>(query: ReturnType<typeof sql>) => (await db.execute(query)) as unknown as T[];
const now = new Date();
let waiting: { id: string }[];

beforeAll(async () => {
  await seedDemo(db, { bookings: 200, now });
  waiting = await q(
    sql`select id from booking_items where status = 'schedule_changed' and start_at > now() order by id`,
  );
});

describe("hourly watch of unanswered schedule changes", () => {
  it("re-notifies changes unanswered for 24 hours, once a day", async () => {
    expect(waiting.length).toBeGreaterThan(0);
    await db.execute(
      sql`update booking_items set schedule_change_detected_at = now() - interval '30 hours' where id = ${waiting[0].id}`,
    );
    const stale = await q<{ n: number }>(
      sql`select count(*)::int as n from booking_items where status = 'schedule_changed' and start_at > now() and schedule_change_detected_at < now() - interval '24 hours'`,
    );
    expect(await renotifyUnansweredChanges(db, now)).toBe(stale[0].n);
    expect(await renotifyUnansweredChanges(db, now)).toBe(0); // same day: nothing more
    expect(await renotifyUnansweredChanges(db, new Date(now.getTime() + 86_400_000))).toBe(stale[0].n);
  });

  it("opens one follow-up for a change still unanswered 48 hours before departure", async () => {
    await db.execute(sql`update booking_items set start_at = now() + interval '30 hours' where id = ${waiting[0].id}`);
    expect(await escalateUnansweredChanges(db, now)).toBeGreaterThanOrEqual(1);
    expect(await escalateUnansweredChanges(db, now)).toBe(0);
    const [f] = await q<{ priority: string; resolved: boolean }>(
      sql`select priority, resolved from manual_follow_ups where dedupe_key = ${`schedule_change_unanswered:${waiting[0].id}`}`,
    );
    expect(f).toEqual({ priority: "high", resolved: false });
  });

  it("applies an event still waiting for a missing earlier one after the grace period", async () => {
    const [item] = await q<{
      id: string;
      provider: string;
      ref: string;
    }>(sql`select id, provider_code as provider, provider_booking_id as ref
      from booking_items where status = 'confirmed' and provider_sequence = 1 and start_at > now() limit 1`);
    const body = JSON.stringify({
      id: "evt_gap",
      type: "booking.modified",
      occurred_at: now.toISOString(),
      sequence: 4,
      provider_booking_id: item.ref,
    });
    const [stored] = await storeWebhooks(db, [
      {
        provider: item.provider,
        webhookId: "evt_gap",
        type: "booking.modified",
        occurredAt: now.toISOString(),
        rawBody: body,
      },
    ]);
    const id = stored.duplicate ? "" : stored.id;
    expect(await processProviderWebhook(db, id)).toEqual({ status: "waiting", for: 2 });
    expect(await releaseWaitingWebhooks(db, now)).toBe(0); // within the grace period: keep waiting
    expect(await releaseWaitingWebhooks(db, new Date(now.getTime() + 11 * 60_000))).toBe(1);
    const [after] = await q<{ status: string; provider_sequence: number }>(
      sql`select status, provider_sequence from booking_items where id = ${item.id}`,
    );
    expect(after).toEqual({ status: "modified", provider_sequence: 4 });
  });
});

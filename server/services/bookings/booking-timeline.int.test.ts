import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "@/db/seed";
import { createTestDb } from "@/tests/db";
import { bookingTimeline } from "./booking-timeline";

const db = await createTestDb();
beforeAll(async () => {
  await seedDemo(db, { bookings: 40, now: new Date("2026-11-24T12:00:00Z") });
});

describe("booking timeline", () => {
  it("merges status changes, webhooks, alerts, follow-ups, messages and refunds, newest first", async () => {
    // The showcase's provider-failure booking has a bit of everything.
    const [b] = (await db.execute(
      sql`select b.id from bookings b where exists (select 1 from manual_follow_ups f where f.booking_id = b.id and f.kind = 'cancellation_incomplete')`,
    )) as unknown as { id: string }[];
    const t = await bookingTimeline(db, b.id);
    expect(new Set(t.map((e) => e.kind))).toEqual(
      new Set(["status", "alert", "follow_up", "message", "refund", "cancellation"]),
    );
    const times = t.map((e) => e.at.getTime());
    expect([...times].sort((x, y) => y - x)).toEqual(times);
    const [{ n }] = (await db.execute(
      sql`select count(*)::int as n from booking_status_history where booking_id = ${b.id}`,
    )) as unknown as { n: number }[];
    expect(t.filter((e) => e.kind === "status")).toHaveLength(n);
    expect(t.find((e) => e.kind === "status" && e.title.startsWith("Booking"))?.by).toBeTruthy();
  });

  it("shows a provider's webhook with what it did", async () => {
    const [b] = (await db.execute(
      sql`select booking_id as id from provider_webhooks where matched limit 1`,
    )) as unknown as { id: string }[];
    const hooks = (await bookingTimeline(db, b.id)).filter((e) => e.kind === "webhook");
    expect(hooks.length).toBeGreaterThan(0);
    expect(hooks[0]).toMatchObject({ href: expect.stringMatching(/^\/ops\/webhooks\//), tone: "normal" });
  });
});

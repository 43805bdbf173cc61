import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { bookingItems, bookings, providerWebhooks } from "@/db/schema";
import { seedDemo } from "@/db/seed";
import { createTestDb } from "@/tests/db";
import { processProviderWebhook } from "./process-webhook";
import { listWebhooks, replayWebhook } from "./webhook-log";

const db = await createTestDb();
const q = async <T>(query: ReturnType<typeof sql>) => (await db.execute(query)) as unknown as T[];
let n = 0;
/** Stores a webhook as ingestion would, and returns its row id. */
async function stored(
  provider: string,
  type: string,
  ref: string,
  occurredAt: Date,
  data: Record<string, unknown> = {},
) {
  const payload = {
    id: `evt_test_${++n}`,
    type,
    occurred_at: occurredAt.toISOString(),
    provider_booking_id: ref,
    data,
  };
  const [row] = await db
    .insert(providerWebhooks)
    .values({ providerCode: provider, webhookId: payload.id, eventType: type, occurredAt, payload })
    .returning({ id: providerWebhooks.id });
  return row.id;
}
const webhook = async (id: string) => (await db.select().from(providerWebhooks).where(eq(providerWebhooks.id, id)))[0];
let flight: { id: string; provider: string; ref: string; bookingId: string; status: string };

beforeAll(async () => {
  await seedDemo(db, { bookings: 120, now: new Date() });
  [flight] =
    await q(sql`select i.id, i.provider_code as provider, i.provider_booking_id as ref, i.booking_id as "bookingId", i.status from booking_items i
    join bookings b on b.id = i.booking_id where i.category = 'flight' and i.status in ('confirmed', 'ticketed') and b.status in ('confirmed', 'ticketed') and b.travel_start_at > now() limit 1`);
});

describe("processing a stored provider webhook", () => {
  it("applies a schedule change, keeps the original details, flags the booking and queues the notice", async () => {
    const [before] = await db.select().from(bookingItems).where(eq(bookingItems.id, flight.id));
    const id = await stored(flight.provider, "booking.schedule_changed", flight.ref, new Date(), {
      summary: "Departure moved 3 h 10 min later",
      details: { departureLocal: "2027-01-01T11:10" },
    });
    expect(await processProviderWebhook(db, id)).toEqual({
      status: "processed",
      action: "schedule_change",
      applied: true,
    });
    const [after] = await db.select().from(bookingItems).where(eq(bookingItems.id, flight.id));
    expect(after).toMatchObject({
      status: "schedule_changed",
      previousStatus: flight.status,
      originalDetails: before.itemDetails,
    });
    expect(after.itemDetails).toMatchObject({ departureLocal: "2027-01-01T11:10" });
    const [b] = await db.select().from(bookings).where(eq(bookings.id, flight.bookingId));
    expect(b).toMatchObject({ hasIssue: true, issueType: "schedule_change" });
    expect(await webhook(id)).toMatchObject({
      matched: true,
      processed: true,
      bookingItemId: flight.id,
      actionTaken: "schedule_change",
      attempts: 1,
    });
    const [{ notices }] = await q<{ notices: number }>(
      sql`select count(*)::int as notices from booking_communications where booking_id = ${flight.bookingId} and type = 'schedule_change_alert' and status = 'pending'`,
    );
    expect(notices).toBe(1);
    expect(await processProviderWebhook(db, id)).toEqual({ status: "already_processed" });
  });

  it("ignores an event older than the last one applied: nothing moves backwards", async () => {
    const id = await stored(flight.provider, "booking.ticketed", flight.ref, new Date(Date.now() - 3_600_000));
    expect(await processProviderWebhook(db, id)).toEqual({
      status: "processed",
      action: "status_change",
      applied: false,
    });
    const [item] = await db.select().from(bookingItems).where(eq(bookingItems.id, flight.id));
    expect(item.status).toBe("schedule_changed");
  });

  it("keeps an unmatched event visible with its error", async () => {
    const id = await stored(flight.provider, "booking.cancelled", "NO-SUCH-REF", new Date());
    expect(await processProviderWebhook(db, id)).toMatchObject({ status: "unmatched" });
    expect(await webhook(id)).toMatchObject({
      matched: false,
      processed: false,
      matchError: "No booking item with provider booking id NO-SUCH-REF",
    });
  });

  it("records a refused change as failed without retrying it, and a cancellation as the provider-cancellation flow", async () => {
    const cancel = await stored(flight.provider, "booking.cancelled", flight.ref, new Date(), {
      reason: "route discontinued",
    });
    expect(await processProviderWebhook(db, cancel)).toEqual({
      status: "processed",
      action: "provider_cancellation",
      applied: true,
    });
    const relocated = await stored(flight.provider, "booking.relocated", flight.ref, new Date(Date.now() + 1000), {
      summary: "Moved to another hotel",
    });
    expect(await processProviderWebhook(db, relocated)).toMatchObject({ status: "failed" });
    expect(await webhook(relocated)).toMatchObject({
      processed: false,
      processingError: expect.stringContaining("provider_cancelled"),
    });
  });

  it("lists by state and replays an unmatched webhook once its booking exists, through the outbox", async () => {
    const { rows: unmatched } = await listWebhooks(db, { state: "unmatched" });
    expect(unmatched.map((w) => w.error)).toContain("No booking item with provider booking id NO-SUCH-REF");
    const id = unmatched.find((w) => w.error?.includes("NO-SUCH-REF"))!.id;
    await db.update(bookingItems).set({ providerBookingId: "NO-SUCH-REF" }).where(eq(bookingItems.id, flight.id)); // the booking turns up
    await replayWebhook(db, id);
    const [{ queued }] = await q<{ queued: number }>(
      sql`select count(*)::int as queued from outbox where name = 'provider_webhook/received' and data->>'webhookRowId' = ${id}`,
    );
    expect(queued).toBe(1);
    expect(await webhook(id)).toMatchObject({ matchError: null, processed: false });
    expect(await processProviderWebhook(db, id)).toMatchObject({
      status: "processed",
      action: "provider_cancellation",
    });
    await expect(replayWebhook(db, id)).rejects.toMatchObject({ code: "conflict" });
    expect((await listWebhooks(db, { state: "processed", provider: flight.provider })).rows.map((w) => w.id)).toContain(
      id,
    );
  });
});

import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { bookingItems, sandboxBookings, sandboxProviderSettings } from "@/db/schema";
import { seedDemo } from "@/db/seed";
import { sandboxAdapter } from "@/server/providers/sandbox/adapter";
import { createTestDb } from "@/tests/db";
import { SYNC_FAILURES_ALERT, syncProviderChunk } from "./sync-provider-chunk";

const db = await createTestDb();
const now = new Date();
const q = async <T>(query: ReturnType<typeof sql>) => (await db.execute(query)) as unknown as T[];
const PROVIDER = "stayrooms";
const adapter = () =>
  sandboxAdapter(
    db,
    { code: PROVIDER, rateLimitPerSecond: 10_000 },
    { sleep: async () => {}, settingsTtlMs: 0, random: () => 0.5 },
  );
const dueBefore = () => new Date(Date.now() + 1000); // everything counts as due in these tests

/** Syncs the provider's due items to the end, chunk by chunk. */
async function syncAll() {
  let cursor: string | null = null;
  const totals = { synced: 0, changed: 0, failed: 0, chunks: 0 };
  for (;;) {
    const r = await syncProviderChunk(db, adapter(), {
      dueBefore: dueBefore(),
      after: cursor,
      limit: 7,
      concurrency: 3,
    });
    if (!r.nextCursor) return totals;
    totals.synced += r.synced;
    totals.changed += r.changed;
    totals.failed += r.failed;
    totals.chunks++;
    cursor = r.nextCursor;
  }
}

beforeAll(async () => {
  await seedDemo(db, { bookings: 120, now });
});

describe("sync of one provider", () => {
  it("reads every active item once, applies what changed at the provider, records the calls", async () => {
    const [victim] = await q<{
      id: string;
      ref: string;
    }>(sql`select i.id, i.provider_booking_id as ref from booking_items i join bookings b on b.id = i.booking_id
      where i.provider_code = ${PROVIDER} and i.status = 'confirmed' and b.status = 'confirmed' and b.travel_end_at > now() limit 1`);
    await db
      .update(sandboxBookings)
      .set({ status: "CANCELLED_BY_SUPPLIER", sequence: 2, updatedAt: new Date() })
      .where(and(eq(sandboxBookings.providerCode, PROVIDER), eq(sandboxBookings.providerBookingId, victim.ref)));
    const [{ due }] = await q<{
      due: number;
    }>(sql`select count(*)::int as due from booking_items i join bookings b on b.id = i.booking_id
      where i.provider_code = ${PROVIDER} and b.status in ('confirmed', 'ticketed', 'modified', 'partially_cancelled') and b.travel_end_at > now()
        and i.status not in ('cancelled', 'provider_cancelled', 'completed', 'no_show')`);

    const totals = await syncAll();
    expect(totals).toMatchObject({ synced: due, failed: 0, changed: 1 });
    expect(totals.chunks).toBe(Math.ceil(due / 7));
    const [item] = await db.select().from(bookingItems).where(eq(bookingItems.id, victim.id));
    expect(item).toMatchObject({
      status: "provider_cancelled",
      providerStatus: "CANCELLED_BY_SUPPLIER",
      syncError: null,
    });
    const [h] = await q<{ changed_by: string; provider_event_type: string }>(
      sql`select changed_by, provider_event_type from booking_status_history where booking_item_id = ${victim.id} order by created_at desc limit 1`,
    );
    expect(h).toEqual({ changed_by: "provider", provider_event_type: "sync.cancelled_by_supplier" });
    const [{ calls }] = await q<{ calls: number }>(
      sql`select count(*)::int as calls from provider_calls where provider_code = ${PROVIDER} and ok`,
    );
    expect(calls).toBe(due);
    expect((await syncProviderChunk(db, adapter(), { dueBefore: new Date(now.getTime() - 1000) })).synced).toBe(0); // nothing due any more
  });

  it("under an outage marks items and bookings in error, counts failures, and alerts after the third", async () => {
    await db
      .update(sandboxProviderSettings)
      .set({ outage: true })
      .where(eq(sandboxProviderSettings.providerCode, PROVIDER));
    for (let pass = 1; pass <= SYNC_FAILURES_ALERT; pass++) {
      const totals = await syncAll();
      expect(totals.synced).toBe(0);
      expect(totals.failed).toBeGreaterThan(0);
    }
    const [state] = await q<{
      items_in_error: number;
      bookings_in_error: number;
      min_failures: number;
      alerts: number;
      failed_calls: number;
    }>(sql`select
      (select count(*)::int from booking_items where provider_code = ${PROVIDER} and sync_error like '%unreachable%') as items_in_error,
      (select count(*)::int from bookings b where sync_status = 'error' and exists (select 1 from booking_items i where i.booking_id = b.id and i.provider_code = ${PROVIDER})) as bookings_in_error,
      (select min(sync_failures)::int from bookings b where sync_status = 'error' and exists (select 1 from booking_items i where i.booking_id = b.id and i.provider_code = ${PROVIDER} and i.sync_error is not null)) as min_failures,
      (select count(*)::int from alerts where source = 'sync_failed' and status = 'open' and details->>'provider' = ${PROVIDER}) as alerts,
      (select count(*)::int from provider_calls where provider_code = ${PROVIDER} and not ok) as failed_calls`);
    expect(state.items_in_error).toBeGreaterThan(0);
    expect(state.bookings_in_error).toBeGreaterThan(0);
    expect(state.min_failures).toBeGreaterThanOrEqual(SYNC_FAILURES_ALERT);
    expect(state.alerts).toBe(state.bookings_in_error);
    expect(state.failed_calls).toBe(state.items_in_error * SYNC_FAILURES_ALERT);

    await db
      .update(sandboxProviderSettings)
      .set({ outage: false })
      .where(eq(sandboxProviderSettings.providerCode, PROVIDER));
    await syncAll();
    const [after] = await q<{ errors: number }>(
      sql`select count(*)::int as errors from booking_items where provider_code = ${PROVIDER} and sync_error is not null`,
    );
    expect(after.errors).toBe(0);
  });
});

import { providerActor } from "@/server/domain/actor";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { camelRows, sqlList } from "@/db/raw-sql";
import { providerCalls } from "@/db/schema";
import { finalItemStatuses } from "@/server/domain/booking-machine";
import { liveBookingStatuses, type ItemStatus } from "@/server/domain/statuses";
import { ProviderError, type ProviderAdapter, type ProviderBooking } from "@/server/providers/contract";
import { raiseAlert } from "@/server/services/escalation/raise-alert";
import { transitionItem } from "@/server/services/lifecycle";

/** Active bookings are re-read from their providers every 6 hours (the spec's sync job). */
export const SYNC_INTERVAL_HOURS = 6;
/** After this many failed syncs in a row a booking is in error and a human is told. */
export const SYNC_FAILURES_ALERT = 3;

/**
 * Calls in flight per provider: enough to reach its rate limit at about 100 ms latency (twice the
 * rate ÷ 10 per second), no more; the adapter's limiter holds the rate itself.
 */
export const defaultSyncConcurrency = (adapter: ProviderAdapter) =>
  Math.max(2, Math.ceil(adapter.rateLimitPerSecond / 5));

type DueItem = { id: string; bookingId: string; providerBookingId: string; status: ItemStatus; reference: string };
export type ChunkResult = { synced: number; changed: number; failed: number; nextCursor: string | null };

/**
 * Syncs one provider's next `limit` due items (keyset by item id, so failing items do not hold the
 * loop): each is read from the provider with `concurrency` calls in flight (the adapter enforces
 * the rate limit), differences are applied through the lifecycle service (history + event), and
 * sync state, provider calls (for health) and escalations are written afterwards. Provider calls
 * never run inside a transaction.
 */
export async function syncProviderChunk(
  db: Db,
  adapter: ProviderAdapter,
  opts: {
    dueBefore: Date;
    after?: string | null;
    limit?: number;
    concurrency?: number;
    now?: () => Date;
    /** Only items starting before this (the hourly job's flights within 72 hours). */
    startingBefore?: Date;
  },
): Promise<ChunkResult> {
  const now = opts.now ?? (() => new Date());
  const rows = await db.execute<{
    id: string;
    booking_id: string;
    provider_booking_id: string;
    status: ItemStatus;
    reference: string;
  }>(sql`
    select i.id, i.booking_id, i.provider_booking_id, i.status, b.booking_reference as reference
    from booking_items i join bookings b on b.id = i.booking_id
    where i.provider_code = ${adapter.code} and i.provider_booking_id is not null
      and b.status in ${sqlList(liveBookingStatuses)} and b.travel_end_at > ${now().toISOString()}::timestamptz
      and i.status not in ${sqlList(finalItemStatuses)}
      and (i.last_synced_at is null or i.last_synced_at < ${opts.dueBefore.toISOString()}::timestamptz)
      and (${opts.after ?? null}::uuid is null or i.id > ${opts.after ?? null}::uuid)
      and (${opts.startingBefore?.toISOString() ?? null}::timestamptz is null or i.start_at < ${opts.startingBefore?.toISOString() ?? null}::timestamptz)
    order by i.id limit ${opts.limit ?? 500}`);
  const items: DueItem[] = camelRows(rows);
  if (items.length === 0) return { synced: 0, changed: 0, failed: 0, nextCursor: null };

  const outcomes: {
    item: DueItem;
    ok: boolean;
    latencyMs: number;
    error?: string;
    changed?: boolean;
    remote?: ProviderBooking;
  }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      const t0 = performance.now();
      try {
        const remote = await adapter.getBooking(item.providerBookingId);
        const changed = await applyRemote(db, adapter.code, item, remote);
        outcomes.push({ item, ok: true, latencyMs: Math.round(performance.now() - t0), changed, remote });
      } catch (e) {
        const message =
          e instanceof ProviderError ? e.message : `Sync failed: ${e instanceof Error ? e.message : String(e)}`;
        outcomes.push({ item, ok: false, latencyMs: Math.round(performance.now() - t0), error: message });
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(opts.concurrency ?? defaultSyncConcurrency(adapter), items.length) }, worker),
  );
  await recordOutcomes(db, adapter.code, outcomes, now());
  return {
    synced: outcomes.filter((o) => o.ok).length,
    changed: outcomes.filter((o) => o.changed).length,
    failed: outcomes.filter((o) => !o.ok).length,
    nextCursor: items[items.length - 1].id,
  };
}

/** Syncs every due item of one provider, chunk after chunk (for callers that need no step per chunk). */
export async function syncProviderAll(
  db: Db,
  adapter: ProviderAdapter,
  opts: Omit<Parameters<typeof syncProviderChunk>[2], "after">,
) {
  const totals = { synced: 0, changed: 0, failed: 0 };
  for (let cursor: string | null = null; ;) {
    const r = await syncProviderChunk(db, adapter, { ...opts, after: cursor });
    if (!r.nextCursor) return totals;
    totals.synced += r.synced;
    totals.changed += r.changed;
    totals.failed += r.failed;
    cursor = r.nextCursor;
  }
}

/** What the provider says that we do not know yet, applied as a transition of the item. */
async function applyRemote(db: Db, providerCode: string, item: DueItem, remote: ProviderBooking): Promise<boolean> {
  const news: Partial<Record<ItemStatus, ItemStatus>> = {
    provider_cancelled: "provider_cancelled",
    ticketed: "ticketed",
  };
  const to = news[remote.status];
  if (!to || to === item.status) return false;
  if (to === "ticketed" && item.status !== "confirmed") return false; // only tickets newly issued
  const r = await transitionItem(db, {
    itemId: item.id,
    to,
    actor: providerActor(providerCode),
    reason:
      to === "ticketed" ? "Tickets issued (found by sync)" : "Provider reports the booking cancelled (found by sync)",
    providerEventType: `sync.${remote.rawStatus.toLowerCase()}`,
    providerRawData: { status: remote.rawStatus, sequence: remote.sequence },
    providerEventAt: remote.updatedAt,
  });
  // The provider's state as of this sequence is now ours: webhooks for earlier changes are stale.
  if (r.applied)
    await db.execute(
      sql`update booking_items set provider_sequence = greatest(provider_sequence, ${remote.sequence}) where id = ${item.id}`,
    );
  return r.applied;
}

async function recordOutcomes(
  db: Db,
  provider: string,
  outcomes: { item: DueItem; ok: boolean; latencyMs: number; error?: string; remote?: ProviderBooking }[],
  at: Date,
) {
  const iso = at.toISOString();
  const rows = outcomes.map((o) => ({
    id: o.item.id,
    ok: o.ok,
    error: o.error ?? null,
    raw: o.remote?.rawStatus ?? null,
  }));
  await db.transaction(async (tx) => {
    await tx.insert(providerCalls).values(
      outcomes.map((o) => ({
        providerCode: provider,
        operation: "status",
        ok: o.ok,
        latencyMs: o.latencyMs,
        error: o.error ?? null,
        bookingItemId: o.item.id,
        createdAt: at,
      })),
    );
    await tx.execute(sql`
      update booking_items i set last_synced_at = ${iso}::timestamptz, sync_error = r.error,
        provider_status = coalesce(r.raw, i.provider_status)
      from json_to_recordset(${JSON.stringify(rows)}::json) as r(id uuid, ok boolean, error text, raw text)
      where i.id = r.id`);
    // A booking is synced when none of its items failed this time; failures count up until one succeeds.
    const bookingsTouched = [...new Set(outcomes.map((o) => o.item.bookingId))];
    const failedBookings = await tx.execute<{ id: string; reference: string; failures: number; error: string }>(sql`
      update bookings b set last_synced_at = ${iso}::timestamptz,
        sync_status = case when f.error is null then 'synced'::sync_status else 'error'::sync_status end,
        sync_error = f.error,
        sync_failures = case when f.error is null then 0 else b.sync_failures + 1 end
      from (select b2.id, (select i.sync_error from booking_items i where i.booking_id = b2.id and i.sync_error is not null limit 1) as error
            from bookings b2 where b2.id in ${bookingsTouched}) f
      where b.id = f.id
      returning b.id, b.booking_reference as reference, b.sync_failures as failures, b.sync_error as error`);
    for (const b of failedBookings) {
      if (b.failures < SYNC_FAILURES_ALERT) continue;
      await raiseAlert(tx, {
        severity: "medium",
        source: "sync_failed",
        title: `Sync failing for ${b.reference} (${provider})`,
        details: { provider, failures: b.failures, error: b.error },
        bookingId: b.id,
        dedupeKey: `sync_failed:${b.id}`,
      });
    }
  });
}

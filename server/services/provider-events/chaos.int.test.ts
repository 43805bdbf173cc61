import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { seedDemo } from "@/db/seed";
import { Rng } from "@/db/seed/random";
import type { VerifiedWebhook } from "@/server/services/webhooks/envelope";
import { storeWebhooks } from "@/server/services/webhooks/store-webhooks";
import { createTestDb } from "@/tests/db";
import { processProviderWebhook } from "./process-webhook";
import { processProviderWebhooks } from "./process-webhook-batch";

// The chaos test of issue 11: provider events delivered shuffled and 30% of them twice, processed in
// batches as the function does, end exactly where in-order delivery processed one by one ends. CHAOS_EVENTS sets the size (10,000 by default).
const EVENTS = Number(process.env.CHAOS_EVENTS ?? 10_000);
const now = new Date();
const inOrder = await createTestDb();
const chaotic = await createTestDb();
const q = async <T>(db: Db, query: ReturnType<typeof sql>) => (await db.execute(query)) as unknown as T[];
type Item = {
  id: string;
  provider: string;
  ref: string;
  category: string;
  details: { segments?: Record<string, string>[] };
};
let events: VerifiedWebhook[] = [];

beforeAll(async () => {
  await Promise.all([inOrder, chaotic].map((db) => seedDemo(db, { bookings: 200, now })));
  const items = await q<Item>(
    inOrder,
    sql`select i.id, i.provider_code as provider, i.provider_booking_id as ref, i.category::text as category, i.item_details as details
    from booking_items i join bookings b on b.id = i.booking_id
    where i.status in ('confirmed', 'ticketed', 'modified') and b.status in ('confirmed', 'ticketed', 'modified') and b.travel_start_at > now() order by i.id`,
  );
  const perItem = Math.ceil(EVENTS / items.length);
  const r = new Rng(2026);
  const base = Date.parse("2026-11-01T00:00:00Z");
  events = items
    .flatMap((it) =>
      Array.from({ length: perItem }, (_, k) => {
        const seq = k + 2; // 1 is the booking as made
        const last = k === perItem - 1;
        const cancel = last && r.chance(0.2);
        const type = cancel
          ? "booking.cancelled"
          : it.category === "flight"
            ? "booking.schedule_changed"
            : "booking.modified";
        const shift = (local: string | undefined) =>
          local && new Date(Date.parse(`${local}:00Z`) + (k + 1) * 5 * 60_000).toISOString().slice(0, 16);
        const data =
          type === "booking.schedule_changed"
            ? {
                summary: `moved ${(k + 1) * 5} min`,
                details: {
                  segments: (it.details.segments ?? []).map((s, i) =>
                    i ? s : { ...s, departureLocal: shift(s.departureLocal), arrivalLocal: shift(s.arrivalLocal) },
                  ),
                },
              }
            : { reason: "chaos" };
        const occurredAt = new Date(base + seq * 1000).toISOString();
        const id = `evt_chaos_${it.ref}_${seq}`;
        return {
          provider: it.provider,
          webhookId: id,
          type,
          occurredAt,
          rawBody: JSON.stringify({
            id,
            type,
            occurred_at: occurredAt,
            sequence: seq,
            provider_booking_id: it.ref,
            data,
          }),
        };
      }),
    )
    .slice(0, EVENTS);
}, 600_000);

/**
 * Stores deliveries (duplicates answered as such) in batches of 100, then processes each batch's
 * new rows one by one (the reference) or as one batch, as the function does (the path under test).
 */
async function deliver(db: Db, deliveries: VerifiedWebhook[], mode: "one by one" | "batched") {
  let stored = 0,
    duplicates = 0;
  for (let i = 0; i < deliveries.length; i += 100) {
    const outcomes = await storeWebhooks(db, deliveries.slice(i, i + 100));
    const ids = outcomes.flatMap((o) => (o.duplicate ? [] : [o.id]));
    stored += ids.length;
    duplicates += outcomes.length - ids.length;
    if (mode === "batched") await processProviderWebhooks(db, ids);
    else for (const id of ids) await processProviderWebhook(db, id);
  }
  return { stored, duplicates };
}

const itemState = (db: Db) =>
  q<Record<string, unknown>>(
    db,
    sql`select id, status, previous_status, item_details, original_details, is_cancelled,
  refund_minor, cancellation_fee_minor, provider_sequence, refund_eligible, schedule_change_acknowledged from booking_items order by id`,
  );
const bookingState = (db: Db) =>
  q<Record<string, unknown>>(
    db,
    sql`select id, status, previous_status, has_issue, issue_type, is_cancelled, refunded_minor, paid_minor from bookings order by id`,
  );
const counts = (db: Db) =>
  q<Record<string, number>>(
    db,
    sql`select
  (select count(*)::int from booking_status_history where changed_by = 'provider') as webhook_history,
  (select count(*)::int from provider_webhooks where webhook_id like 'evt_chaos_%') as stored,
  (select count(*)::int from provider_webhooks where webhook_id like 'evt_chaos_%' and not processed) as unprocessed,
  (select count(*)::int from provider_webhooks where webhook_id like 'evt_chaos_%' and (action_details->>'applied')::boolean) as applied,
  (select count(*)::int from refunds) as refunds,
  (select count(*)::int from outbox where name = 'item/status_changed') as item_events`,
  );

describe(`chaos: ${EVENTS.toLocaleString("en-US")} provider events, shuffled, 30% delivered twice, batched`, () => {
  it("ends exactly where in-order delivery ends, with nothing lost or applied twice", async () => {
    expect(events.length).toBe(EVENTS);
    const started = new Date().toISOString();
    const a = await deliver(inOrder, events, "one by one");
    expect(a).toEqual({ stored: EVENTS, duplicates: 0 });

    const r = new Rng(7);
    const deliveries = [...events, ...events.filter(() => r.chance(0.3))];
    for (let i = deliveries.length - 1; i > 0; i--) {
      const j = r.int(0, i);
      [deliveries[i], deliveries[j]] = [deliveries[j], deliveries[i]];
    }
    const b = await deliver(chaotic, deliveries, "batched");
    expect(b.stored).toBe(EVENTS);
    expect(b.duplicates).toBe(deliveries.length - EVENTS);
    // A processing retry of an already-processed row changes nothing.
    const [some] = await q<{ id: string }>(
      chaotic,
      sql`select id from provider_webhooks where webhook_id like 'evt_chaos_%' limit 1`,
    );
    expect(await processProviderWebhook(chaotic, some.id)).toEqual({ status: "already_processed" });

    expect(await itemState(chaotic)).toEqual(await itemState(inOrder));
    expect(await bookingState(chaotic)).toEqual(await bookingState(inOrder));
    const [ca] = await counts(inOrder),
      [cb] = await counts(chaotic);
    expect(ca).toMatchObject({ stored: EVENTS, unprocessed: 0 });
    expect(cb).toEqual(ca);
    // One history row per applied event (a booking-level row follows a cancellation that changes the booking).
    const [{ item_rows }] = await q<{ item_rows: number }>(
      inOrder,
      sql`select count(*)::int as item_rows from booking_status_history
      where changed_by = 'provider' and booking_item_id is not null and created_at >= ${started}::timestamptz`,
    );
    expect(item_rows).toBe(ca.applied);
  }, 900_000);
});

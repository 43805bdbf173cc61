import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { canTransitionBooking, canTransitionItem, derivedCancellationStatus } from "@/server/domain/booking-machine";
import { exponentOf } from "@/server/domain/money";
import {
  bookingStatuses,
  itemCategories,
  itemStatuses,
  type BookingStatus,
  type ItemStatus,
} from "@/server/domain/statuses";
import { createTestDb } from "@/tests/db";
import { demoFixtures } from "./fixtures";
import { seedDemo } from "./index";
import { seedTables } from "./load";

const now = new Date("2026-11-24T12:00:00Z");
const iso = (d: Date) => d.toISOString();
const a = await createTestDb();
const b = await createTestDb();
const c = await createTestDb();

beforeAll(async () => {
  await seedDemo(a, { bookings: 300, seed: 7, now });
  await seedDemo(b, { bookings: 300, seed: 7, now });
  await seedDemo(c, { bookings: 300, seed: 8, now });
});

const rows = async <T>(db: Db, q: ReturnType<typeof sql>) => (await db.execute(q)) as unknown as T[];
/** One digest of every seeded table; updated_at is left out (the refunds trigger stamps it with now()). */
async function digest(db: Db) {
  const parts: string[] = [];
  for (const t of Object.keys(seedTables)) {
    const [r] = await rows<{ h: string }>(
      db,
      sql.raw(
        `select md5(coalesce(string_agg((to_jsonb(t) - 'updated_at')::text, '' order by t.id), '')) as h from ${t} t`,
      ),
    );
    parts.push(`${t}:${r.h}`);
  }
  return parts;
}

describe("demo data", () => {
  it("is the same for the same seed and differs for another", async () => {
    const [da, db_, dc] = [await digest(a), await digest(b), await digest(c)];
    expect(da).toEqual(db_);
    expect(da.filter((x, k) => x !== dc[k]).length).toBeGreaterThan(10);
  });

  it("has every booking and item status, four categories, two providers each, and 0- and 3-decimal currencies", async () => {
    const bs = await rows<{ status: BookingStatus }>(a, sql`select distinct status from bookings`);
    expect(bs.map((x) => x.status).sort()).toEqual([...bookingStatuses].sort());
    const is = await rows<{ status: ItemStatus }>(a, sql`select distinct status from booking_items`);
    expect(is.map((x) => x.status).sort()).toEqual([...itemStatuses].sort());
    const cats = await rows<{ category: string; n: number }>(
      a,
      sql`select category, count(distinct provider_code)::int as n from booking_items group by 1`,
    );
    expect(cats.map((x) => x.category).sort()).toEqual([...itemCategories].sort());
    for (const x of cats) expect(x.n).toBeGreaterThanOrEqual(2);
    const cur = await rows<{ currency: string }>(a, sql`select distinct currency from bookings`);
    const exps = new Set(cur.map((x) => exponentOf(x.currency)));
    expect(exps).toEqual(new Set([0, 2, 3]));
    const [{ n }] = await rows<{ n: number }>(
      a,
      sql`select count(*)::int as n from bookings where booking_type = 'package'`,
    );
    expect(n).toBeGreaterThan(50);
  });

  it("splits each charge over its items to the minor unit and keeps refunds within what was paid", async () => {
    const bad = await rows<{ ref: string }>(
      a,
      sql`
      select b.booking_reference as ref from bookings b
      join (select booking_id, sum(charge_share_minor) as s from booking_items group by 1) i on i.booking_id = b.id
      join payment_transactions p on p.booking_id = b.id and p.kind = 'charge'
      where i.s <> b.total_minor or p.amount_minor <> b.total_minor
         or b.refunded_minor <> (select coalesce(sum(amount_minor), 0) from refunds r where r.booking_id = b.id and r.status = 'succeeded')
         or b.paid_minor <> (select sum(amount_minor) from payment_transactions q where q.booking_id = b.id and q.status = 'succeeded')`,
    );
    expect(bad).toEqual([]);
    const [{ refunded }] = await rows<{ refunded: number }>(
      a,
      sql`select count(*)::int as refunded from bookings where status = 'refunded' and refunded_minor = paid_minor`,
    );
    const [{ all }] = await rows<{ all: number }>(
      a,
      sql`select count(*)::int as "all" from bookings where status = 'refunded'`,
    );
    expect(refunded).toBe(all);
  });

  it("tells each booking's story through moves the machines allow, ending at its current status", async () => {
    const hist = await rows<{ booking_id: string; item_id: string | null; from: string | null; to: string }>(
      a,
      sql`
      select booking_id, booking_item_id as item_id, from_status as "from", to_status as "to" from booking_status_history order by created_at, id`,
    );
    const current = new Map(
      (
        await rows<{ id: string; status: string }>(
          a,
          sql`
      select id, status::text from bookings union all select id, status::text from booking_items`,
        )
      ).map((x) => [x.id, x.status]),
    );
    const chains = new Map<string, { from: string | null; to: string }[]>();
    for (const h of hist) {
      const key = h.item_id ?? h.booking_id;
      chains.set(key, [...(chains.get(key) ?? []), h]);
    }
    const itemIds = new Set(hist.map((h) => h.item_id));
    let checked = 0;
    for (const [key, chain] of chains) {
      const isItem = itemIds.has(key);
      let prevBeforeChange: string | null = null;
      chain.forEach((step, k) => {
        expect(step.from).toBe(k === 0 ? (isItem ? step.from : null) : chain[k - 1].to);
        if (step.from === null) return;
        const ok = isItem
          ? canTransitionItem(step.from as ItemStatus, step.to as ItemStatus, prevBeforeChange as ItemStatus | null)
          : canTransitionBooking(step.from as BookingStatus, step.to as BookingStatus);
        expect(ok, `${step.from} → ${step.to}`).toBe(true);
        if (step.to === "schedule_changed") prevBeforeChange = step.from;
      });
      expect(chain[chain.length - 1].to).toBe(current.get(key));
      checked++;
    }
    expect(checked).toBeGreaterThan(300);
  });

  it("keeps booking status consistent with its items", async () => {
    const list = await rows<{ status: BookingStatus; items: ItemStatus[] }>(
      a,
      sql`
      select b.status, array_agg(i.status::text) as items from bookings b join booking_items i on i.booking_id = b.id group by b.id`,
    );
    for (const x of list) {
      const derived = derivedCancellationStatus(x.items);
      if (x.status === "cancelled" || x.status === "refunded") expect(derived).toBe("cancelled");
      if (x.status === "partially_cancelled") expect(derived).toBe("partially_cancelled");
      if (x.status === "pending") expect(new Set(x.items)).toEqual(new Set(["pending"]));
      if (x.status === "completed")
        expect(x.items.every((s) => ["completed", "cancelled", "provider_cancelled"].includes(s))).toBe(true);
    }
  });

  it("has the fixtures, the admin and something for the founder to act on", async () => {
    const fx = await rows<{ ref: string; email: string; last: string }>(
      a,
      sql`
      select b.booking_reference as ref, u.email, b.lead_last_name as last from bookings b join users u on u.id = b.user_id
      where b.booking_reference in (${demoFixtures.traveler.reference}, ${demoFixtures.other.reference}) order by 1`,
    );
    expect(fx).toEqual([
      {
        ref: demoFixtures.traveler.reference,
        email: demoFixtures.traveler.email,
        last: demoFixtures.traveler.lastName,
      },
      { ref: demoFixtures.other.reference, email: demoFixtures.other.email, last: demoFixtures.other.lastName },
    ]);
    const [admin] = await rows<{ role: string }>(
      a,
      sql`select role from users where email = ${demoFixtures.admin.email}`,
    );
    expect(admin.role).toBe("ops");
    const [x] = await rows<Record<string, number>>(
      a,
      sql`select
      (select count(*)::int from refunds r join manual_follow_ups f on f.booking_id = r.booking_id and not f.resolved where r.status = 'failed') as failed_refund_followed_up,
      (select count(*)::int from disputes where status = 'needs_response' and evidence_due_by between ${iso(now)}::timestamptz and ${iso(now)}::timestamptz + interval '3 days') as dispute_due_soon,
      (select count(*)::int from bookings where sync_status = 'error' and travel_start_at > ${iso(now)}::timestamptz) as sync_errors,
      (select count(*)::int from provider_webhooks where not matched and match_error is not null) as unmatched,
      (select count(*)::int from cancellation_requests where status = 'awaiting_confirmation' and quote_expires_at > ${iso(now)}::timestamptz) as open_quotes,
      (select count(*)::int from alerts where status = 'open' and severity = 'critical') as critical_alerts,
      (select count(*)::int from automation_rules where event <> '') as rules,
      (select count(*)::int from booking_items where cancellation_policy->>'zone' <> start_zone) as policy_zone_mismatch,
      (select count(*)::int from booking_items where item_details->>'title' is null) as untitled`,
    );
    expect(x).toMatchObject({ rules: 4, policy_zone_mismatch: 0, untitled: 0 });
    for (const k of [
      "failed_refund_followed_up",
      "dispute_due_soon",
      "sync_errors",
      "unmatched",
      "open_quotes",
      "critical_alerts",
    ])
      expect(x[k], k).toBeGreaterThan(0);
  });

  it("refuses a demo smaller than its showcase", async () => {
    await expect(seedDemo(c, { bookings: 5 })).rejects.toThrow(/at least/);
  });
});

import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "@/db/seed";
import { createTestDb } from "@/tests/db";
import { compactRollups } from "./compact-rollups";
import { getCriticalItems } from "./critical-items";
import { getDashboardMetrics } from "./dashboard-metrics";
import { periodStarts } from "./periods";

const db = await createTestDb();
const q = async <T>(query: ReturnType<typeof sql>) => (await db.execute(query)) as unknown as T[];
// Just after midnight UTC "today" has hardly begun and may hold no booking: measure from three hours back then.
const now = new Date(Date.now() - (new Date().getUTCHours() < 3 ? 3 * 3_600_000 : 0));
const DAY = 86_400_000;

beforeAll(async () => {
  await seedDemo(db, { bookings: 300, now });
});

/** The figures computed the slow, obvious way: straight from bookings, history and refunds. */
async function handComputed() {
  const p = periodStarts(now);
  const day = sql`(created_at at time zone 'UTC')::date`;
  const [v] = await q<Record<string, number>>(sql`select count(*)::int as total,
    count(*) filter (where ${day} >= ${p.today}::date)::int as today, count(*) filter (where ${day} >= ${p.week}::date)::int as week,
    count(*) filter (where ${day} >= ${p.month}::date)::int as month, count(*) filter (where status in ('cancelled', 'partially_cancelled', 'refunded'))::int as cancelled,
    count(*) filter (where has_dispute)::int as disputed, count(*) filter (where has_issue and not issue_resolved)::int as open_issues from bookings`);
  const statuses = await q<{ status: string; n: number }>(
    sql`select status::text, count(*)::int as n from bookings group by status`,
  );
  const money = await q<{
    currency: string;
    paid: string;
    refunded: string;
    paid_month: string;
    refunded_month: string;
  }>(sql`
    select currency, sum(paid_minor)::text as paid, sum(refunded_minor)::text as refunded,
      coalesce(sum(paid_minor) filter (where ${day} >= ${p.month}::date), 0)::text as paid_month,
      coalesce(sum(refunded_minor) filter (where ${day} >= ${p.month}::date), 0)::text as refunded_month
    from bookings group by currency order by currency`);
  const [t] = await q<{ confirm: string | null; refund: string | null }>(sql`select
    (select sum(round(extract(epoch from h.created_at - b.created_at)))::numeric / count(*) from booking_status_history h join bookings b on b.id = h.booking_id
      where h.booking_item_id is null and h.from_status = 'pending' and h.to_status = 'confirmed' and (h.created_at at time zone 'UTC')::date >= ${p.last30}::date)::text as confirm,
    (select sum(round(extract(epoch from processed_at - created_at)))::numeric / count(*) / 3600 from refunds
      where status = 'succeeded' and (processed_at at time zone 'UTC')::date >= ${p.last30}::date)::text as refund`);
  return {
    totalBookings: v.total,
    bookingsToday: v.today,
    bookingsThisWeek: v.week,
    bookingsThisMonth: v.month,
    openIssues: v.open_issues,
    cancellationRate: v.cancelled / v.total,
    disputeRate: v.disputed / v.total,
    statusBreakdown: Object.fromEntries(statuses.map((s) => [s.status, s.n])),
    money: money.map((m) => ({
      currency: m.currency,
      revenueMinor: Number(m.paid),
      refundedMinor: Number(m.refunded),
      netMinor: Number(m.paid) - Number(m.refunded),
      monthRevenueMinor: Number(m.paid_month),
      monthRefundedMinor: Number(m.refunded_month),
    })),
    avgConfirmationSeconds: t.confirm == null ? null : Number(t.confirm),
    avgRefundHours: t.refund == null ? null : Number(t.refund),
  };
}

async function expectFiguresMatch() {
  const m = await getDashboardMetrics(db, { now });
  const h = await handComputed();
  expect(m).toMatchObject({
    totalBookings: h.totalBookings,
    bookingsToday: h.bookingsToday,
    bookingsThisWeek: h.bookingsThisWeek,
    bookingsThisMonth: h.bookingsThisMonth,
    openIssues: h.openIssues,
    statusBreakdown: h.statusBreakdown,
  });
  expect(m.cancellationRate).toBeCloseTo(h.cancellationRate, 12);
  expect(m.disputeRate).toBeCloseTo(h.disputeRate, 12);
  expect(m.avgConfirmationSeconds).toBeCloseTo(h.avgConfirmationSeconds!, 6);
  if (h.avgRefundHours == null) expect(m.avgRefundHours).toBeNull();
  else expect(m.avgRefundHours).toBeCloseTo(h.avgRefundHours, 6);
  // Per currency, never summed across currencies.
  expect([...m.revenue].sort((a, b) => a.currency.localeCompare(b.currency))).toMatchObject(h.money);
  return m;
}

describe("dashboard metrics", () => {
  it("equal the figures computed straight from the tables, per currency", async () => {
    const m = await expectFiguresMatch();
    expect(m.totalBookings).toBe(300);
    expect(m.revenue.length).toBeGreaterThan(1); // the demo sells in several currencies
    expect(m.bookingsToday).toBeGreaterThan(0);
    // The 30-day series, day by day, as the table says (days without bookings have no row).
    const days = await q<{
      day: string;
      n: number;
    }>(sql`select (created_at at time zone 'UTC')::date::text as day, count(*)::int as n from bookings
      where created_at >= (${now.toISOString()}::timestamptz at time zone 'UTC')::date - 29 group by 1 order by 1`);
    expect(m.daily.filter((d) => d.bookings > 0).map((d) => [d.day, d.bookings])).toEqual(
      days.map((d) => [d.day, d.n]),
    );
    const [{ n }] = await q<{ n: number }>(
      sql`select count(*)::int as n from refunds where status in ('pending', 'processing')`,
    );
    expect(m.pendingRefunds).toBe(n);
  });

  it("stay exact through inserts, status and money changes and deletes, before and after compaction", async () => {
    // A batch of changes as the services would make them (many in one statement, some one by one).
    await db.execute(sql`update bookings set status = 'cancelled', is_cancelled = true where id in (
      select id from bookings where status = 'confirmed' order by id limit 7)`);
    // A refund paid (the money flow's trigger moves bookings.refunded_minor: a nested statement).
    await db.execute(sql`update refunds set status = 'succeeded', processed_at = ${now.toISOString()}::timestamptz where id in (
      select id from refunds where status = 'pending' order by id limit 2)`);
    await db.execute(sql`update bookings set refunded_minor = paid_minor where id in (select id from bookings b where status = 'cancelled' and refunded_minor = 0 and paid_minor > 0
      and not exists (select 1 from refunds r where r.booking_id = b.id) order by id limit 3)`);
    await db.execute(
      sql`update bookings set has_issue = true, issue_resolved = false where id in (select id from bookings where not has_issue order by id limit 4)`,
    );
    await db.execute(sql`update bookings set last_synced_at = now()`); // touches no counted column
    await db.execute(sql`insert into bookings (booking_reference, booking_type, status, total_minor, currency, paid_minor, travelers, contact_info, contact_email, lead_last_name, created_at)
      values ('TESTKWD1', 'single', 'confirmed', 12345, 'KWD', 12345, '[]', '{"email":"k@example.test","name":"K"}', 'k@example.test', 'K', ${now.toISOString()}::timestamptz)`);
    await db.execute(sql`insert into booking_status_history (booking_id, from_status, to_status, changed_by, created_at)
      select id, 'pending', 'confirmed', 'provider', created_at + interval '90 seconds' from bookings where booking_reference = 'TESTKWD1'`);
    await db.execute(sql`delete from bookings where booking_reference = 'TESTKWD1'`);
    await db.execute(sql`insert into bookings (booking_reference, booking_type, status, total_minor, currency, paid_minor, travelers, contact_info, contact_email, lead_last_name)
      values ('TESTJPY1', 'single', 'confirmed', 5000, 'JPY', 5000, '[]', '{"email":"j@example.test","name":"J"}', 'j@example.test', 'J')`);
    const [{ deltas }] = await q<{ deltas: number }>(sql`select count(*)::int as deltas from booking_rollup_delta`);
    expect(deltas).toBeGreaterThan(0);
    await expectFiguresMatch();
    expect(await compactRollups(db)).toEqual({ compacted: true });
    const [{ left }] = await q<{ left: number }>(
      sql`select (select count(*) from booking_rollup_delta) + (select count(*) from timing_rollup_delta) as left`,
    );
    expect(Number(left)).toBe(0);
    // The all-time totals stay the sum of the daily rollup.
    const [{ mismatched }] = await q<{
      mismatched: number;
    }>(sql`select count(*)::int as mismatched from booking_rollup_total t
      full join (select currency, status, sum(bookings) as n, sum(paid_minor) as paid, sum(refunded_minor) as refunded from booking_rollup group by 1, 2) d using (currency, status)
      where (t.bookings, t.paid_minor, t.refunded_minor) is distinct from (d.n, d.paid, d.refunded) and coalesce(t.bookings, 0) + coalesce(d.n, 0) <> 0`);
    expect(mismatched).toBe(0);
    await expectFiguresMatch();
  });

  it("the cancellation rate holds while cancelled bookings are refunded, and counts partial cancellations", async () => {
    const before = await getDashboardMetrics(db, { now });
    // Issue 23: a cancelled booking becomes refunded when its money is back; it is still a cancellation.
    const moved = await q<{ id: string }>(sql`update bookings set status = 'refunded' where id in (
      select id from bookings where status = 'cancelled' order by id limit 3) returning id`);
    expect(moved.length).toBeGreaterThan(0);
    const after = await getDashboardMetrics(db, { now });
    expect(after.cancellationRate).toBeCloseTo(before.cancellationRate!, 12);
    await db.execute(sql`update bookings set status = 'partially_cancelled' where id in (
      select id from bookings where status = 'confirmed' order by id limit 2)`);
    const partial = await getDashboardMetrics(db, { now });
    expect(partial.cancellationRate).toBeCloseTo(before.cancellationRate! + 2 / before.totalBookings, 12);
    await expectFiguresMatch();
  });

  it("compactions racing each other and writers lose nothing", async () => {
    const writes = Array.from({ length: 20 }, (_, k) =>
      db.execute(sql`update bookings set paid_minor = paid_minor + 1, total_minor = total_minor + 1
      where id = (select id from bookings where currency = 'EUR' order by id offset ${k} limit 1)`),
    );
    await Promise.all([...writes, compactRollups(db), compactRollups(db), compactRollups(db)]);
    await compactRollups(db);
    await expectFiguresMatch();
  });
});

describe("critical items", () => {
  it("lists what needs a human, most urgent first, each linking to its booking", async () => {
    const [b] = await q<{ id: string; reference: string }>(
      sql`select id, booking_reference as reference from bookings where currency = 'EUR' order by id limit 1`,
    );
    const [pay] = await q<{ id: string }>(sql`select id from payment_transactions where booking_id = ${b.id} limit 1`);
    const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
    await db.execute(sql`insert into disputes (booking_id, stripe_dispute_id, amount_minor, currency, status, evidence_due_by) values
      (${b.id}, 'dp_soon', 1000, 'EUR', 'needs_response', ${at(2 * DAY)}::timestamptz),
      (${b.id}, 'dp_later', 1000, 'EUR', 'needs_response', ${at(5 * DAY)}::timestamptz)`);
    await db.execute(sql`insert into refunds (booking_id, payment_transaction_id, refund_reference, idempotency_key, amount_minor, currency, status, due_by, failure_reason) values
      (${b.id}, ${pay.id}, 'RF-T-FAILED', 'k-failed', 100, 'EUR', 'failed', ${at(30 * DAY)}::timestamptz, 'card_expired'),
      (${b.id}, ${pay.id}, 'RF-T-DUE', 'k-due', 100, 'EUR', 'pending', ${at(DAY)}::timestamptz, null),
      (${b.id}, ${pay.id}, 'RF-T-NOTDUE', 'k-notdue', 100, 'EUR', 'pending', ${at(9 * DAY)}::timestamptz, null)`);
    await db.execute(sql`update bookings set sync_status = 'error', sync_error = 'provider timeout', travel_start_at = ${at(3 * DAY)}::timestamptz,
      travel_end_at = ${at(5 * DAY)}::timestamptz where id = ${b.id}`);
    await db.execute(
      sql`insert into manual_follow_ups (kind, title, booking_id, due_at) values ('test', 'Call the traveler', ${b.id}, ${at(-DAY * 400)}::timestamptz)`,
    );
    await db.execute(
      sql`insert into alerts (severity, source, title, booking_id, created_at) values ('critical', 'test', 'Most severe, newest', ${b.id}, ${at(1000)}::timestamptz)`,
    );

    const c = await getCriticalItems(db, { now });
    const disputeIds = await q<{ id: string; s: string }>(
      sql`select id, stripe_dispute_id as s from disputes where stripe_dispute_id in ('dp_soon', 'dp_later')`,
    );
    const soon = disputeIds.find((d) => d.s === "dp_soon")!.id,
      later = disputeIds.find((d) => d.s === "dp_later")!.id;
    expect(c.disputes.items.some((d) => d.id === soon)).toBe(true);
    expect(c.disputes.items.some((d) => d.id === later)).toBe(false);
    expect(c.failedRefunds.items[0]).toMatchObject({
      reference: b.reference,
      reason: "card_expired",
      amountMinor: 100,
      currency: "EUR",
      href: `/ops/bookings/${b.id}`,
    });
    const dueRefs = await q<{ id: string; r: string }>(
      sql`select id, refund_reference as r from refunds where refund_reference like 'RF-T-%'`,
    );
    const ids = c.refundDeadlines.items.map((r) => r.id);
    expect(ids).toContain(dueRefs.find((r) => r.r === "RF-T-DUE")!.id);
    expect(ids).not.toContain(dueRefs.find((r) => r.r === "RF-T-NOTDUE")!.id);
    expect(c.syncErrors.items.some((s) => s.bookingId === b.id && s.reason === "provider timeout")).toBe(true);
    expect(c.followUps.items[0]).toMatchObject({ title: "Call the traveler", reference: b.reference }); // overdue the longest: first
    expect(c.alerts.items[0]).toMatchObject({
      title: "Most severe, newest",
      severity: "critical",
      href: `/ops/bookings/${b.id}`,
    });
    // Counts are the full counts, not the page.
    const [{ open }] = await q<{ open: number }>(
      sql`select count(*)::int as open from manual_follow_ups where not resolved`,
    );
    expect(c.followUps.count).toBe(open);
    // A past trip's sync error is not critical.
    await db.execute(sql`update bookings set travel_start_at = ${at(-3 * DAY)}::timestamptz where id = ${b.id}`);
    expect((await getCriticalItems(db, { now })).syncErrors.items.some((s) => s.bookingId === b.id)).toBe(false);
  });
});

import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { provideDb } from "@/db/client";
import { seedDemo } from "@/db/seed";
import { advanceLocalGateway, clearLocalFaults, injectLocalFault } from "@/server/payments";
import { renderCommunication } from "@/server/services/comms/render-communication";
import { createTestDb } from "@/tests/db";
import { deliverAndProcess } from "@/tests/fixtures/stripe-delivery";
import { checkRefundDeadlines, DEADLINE_WARNING_MS } from "./check-refund-deadlines";
import { payOutRefund } from "./pay-out-refund";
import { PENDING_GRACE_MS, reconcilePendingRefunds } from "./reconcile-pending-refunds";

// Refunds that never go quiet (issue 23): pending ones asked about again, a returned one told at
// once, legal deadlines alerted ahead and when missed. Local gateway, real PostgreSQL, injected clocks.
const db = await createTestDb();
provideDb(db);
const q = async <T>(query: ReturnType<typeof sql>) => (await db.execute(query)) as unknown as T[];
await seedDemo(db, { bookings: 80 });
let n = 0;
const HOUR = 3_600_000;

/** A new pending refund of `amount` against a seeded booking's charge. */
async function owe(amount = 1000) {
  const [p] = await q<{ id: string; booking_id: string; currency: string }>(sql`
    select p.id, p.booking_id, p.currency from payment_transactions p
    where p.kind = 'charge' and p.status = 'succeeded' and p.amount_minor - p.refunded_minor >= ${amount}
      and not exists (select 1 from refunds r where r.booking_id = p.booking_id)
    order by p.id offset ${n++} limit 1`);
  const [r] = await q<{ id: string }>(sql`
    insert into refunds (booking_id, payment_transaction_id, refund_reference, idempotency_key, amount_minor, currency, status, reason)
    values (${p.booking_id}, ${p.id}, ${`RF-WATCH-${n}`}, ${`refund:watch:${n}`}, ${amount}, ${p.currency}, 'pending', 'test') returning id`);
  return { refundId: r.id, bookingId: p.booking_id };
}
/** Paid out, but the gateway answers "pending" (its webhook will never be delivered). */
async function stuckInProcessing() {
  const owed = await owe();
  await injectLocalFault(db, { operation: "refund", mode: "fail_later" });
  expect(await payOutRefund(db, owed.refundId)).toMatchObject({ status: "processing" });
  await db.execute(
    sql`update local_gateway_refunds set settle_at = null where metadata->>'refund_id' = ${owed.refundId}`,
  );
  return owed;
}
/** The gateway settles its pending refund `to` (its events are emitted but we never deliver them). */
async function gatewaySettles(refundId: string, to: "succeeded" | "failed") {
  await db.execute(sql`update local_gateway_refunds set settle_at = now() - interval '1 minute', settle_to = ${to}
    where metadata->>'refund_id' = ${refundId}`);
  // It settles due refunds 100 at a time, oldest first: others may be due before ours.
  while ((await advanceLocalGateway(db)) > 0);
}
const refund = async (id: string) =>
  (
    await q<{ status: string; retry_count: number; deadline_alert: string | null }>(
      sql`select status::text, retry_count, deadline_alert from refunds where id = ${id}`,
    )
  )[0];
const escalations = async (key: string) =>
  (
    await q<{
      alerts: number;
      severity: string | null;
      alert_status: string | null;
      follow_ups: number;
      open: number;
    }>(sql`select
      (select count(*)::int from alerts where dedupe_key = ${key}) as alerts,
      (select max(severity::text) from alerts where dedupe_key = ${key}) as severity,
      (select max(status::text) from alerts where dedupe_key = ${key}) as alert_status,
      (select count(*)::int from manual_follow_ups where dedupe_key = ${key}) as follow_ups,
      (select count(*)::int from manual_follow_ups where dedupe_key = ${key} and not resolved) as open`)
  )[0];
const events = async (name: string, refundId: string) =>
  (
    await q<{ n: number }>(
      sql`select count(*)::int as n from outbox where name = ${name} and data->>'refundId' = ${refundId}`,
    )
  )[0].n;
const later = (ms: number) => new Date(Date.now() + ms);

beforeEach(() => clearLocalFaults(db));

describe("pending refunds reconciled with the gateway", () => {
  it("a refund whose webhook was lost is asked about after the grace period and recorded as succeeded", async () => {
    const { refundId, bookingId } = await stuckInProcessing();
    await gatewaySettles(refundId, "succeeded");
    // Within the grace period it is left to the webhook.
    await reconcilePendingRefunds(db, { now: later(PENDING_GRACE_MS - 60_000) });
    expect(await refund(refundId)).toMatchObject({ status: "processing" });

    const result = await reconcilePendingRefunds(db, { now: later(PENDING_GRACE_MS + 60_000), batch: 2 });
    expect(result.succeeded).toBeGreaterThanOrEqual(1);
    expect(await refund(refundId)).toMatchObject({ status: "succeeded", retry_count: 0 });
    expect(await events("refund/succeeded", refundId)).toBe(1);
    const [c] = await q<{ n: number }>(sql`select count(*)::int as n from booking_communications
      where booking_id = ${bookingId} and dedupe_key = ${`refund_confirmation:${refundId}`}`);
    expect(c.n).toBe(1);
    // The webhook arriving late after all changes nothing.
    await deliverAndProcess(db);
    expect(await events("refund/succeeded", refundId)).toBe(1);
  });

  it("a pending refund that failed at the gateway is recorded failed and rescheduled, without a 'returned' alarm", async () => {
    const { refundId } = await stuckInProcessing();
    await gatewaySettles(refundId, "failed");
    await reconcilePendingRefunds(db, { now: later(PENDING_GRACE_MS + 60_000) });
    expect(await refund(refundId)).toMatchObject({ status: "failed", retry_count: 1 });
    expect(await events("refund/attempt_failed", refundId)).toBe(1);
    expect(await escalations(`refund_returned:${refundId}`)).toMatchObject({ alerts: 0, follow_ups: 0 });
  });

  it("one still pending at the gateway past its legal due date is escalated once, critical", async () => {
    const { refundId } = await stuckInProcessing();
    await db.execute(sql`update refunds set due_by = now() - interval '1 hour' where id = ${refundId}`);
    const now = later(PENDING_GRACE_MS + 60_000);
    expect((await reconcilePendingRefunds(db, { now })).escalated).toBeGreaterThanOrEqual(1);
    expect(await refund(refundId)).toMatchObject({ status: "processing", deadline_alert: "missed" });
    await reconcilePendingRefunds(db, { now: later(PENDING_GRACE_MS + 2 * HOUR) });
    await checkRefundDeadlines(db, { now });
    const e = await escalations(`refund_deadline_missed:${refundId}`);
    expect(e).toMatchObject({ alerts: 1, severity: "critical", follow_ups: 1, open: 1 });
    const [a] = await q<{ occurrences: number; title: string }>(
      sql`select occurrences, title from alerts where dedupe_key = ${`refund_deadline_missed:${refundId}`}`,
    );
    expect(a).toMatchObject({ occurrences: 1, title: expect.stringContaining("still pending at the gateway") });
  });
});

describe("a refund returned after it succeeded", () => {
  it("alerts at once (high), tells the traveler, opens a follow-up, and is still retried", async () => {
    const { refundId, bookingId } = await owe();
    expect(await payOutRefund(db, refundId)).toMatchObject({ status: "succeeded" });
    await deliverAndProcess(db);
    // Days later the card network returns it: refund.failed, charge.refund.updated, refund.updated.
    await db.execute(sql`update local_gateway_refunds set status = 'pending', settle_at = now() - interval '1 minute', settle_to = 'failed'
      where metadata->>'refund_id' = ${refundId}`);
    await deliverAndProcess(db);

    expect(await refund(refundId)).toMatchObject({ status: "failed", retry_count: 1 });
    expect(await events("refund/returned", refundId)).toBe(1);
    expect(await escalations(`refund_returned:${refundId}`)).toMatchObject({
      alerts: 1,
      severity: "high",
      follow_ups: 1,
      open: 1,
    });
    const msgs = await q<{ id: string; type: string; booking_id: string; template_id: string; template_data: unknown }>(
      sql`select id, type::text, booking_id, template_id, template_data from booking_communications
        where booking_id = ${bookingId} and type = 'refund_returned'`,
    );
    expect(msgs).toHaveLength(1);
    const rendered = await renderCommunication(db, {
      bookingId,
      type: msgs[0].type,
      templateId: msgs[0].template_id,
      templateData: msgs[0].template_data,
    });
    expect(rendered.email.subject).toMatch(/came back to us/);
    expect(rendered.email.text).toMatch(/We will send it again on \d{4}-\d{2}-\d{2}/);

    // The retry goes through: the escalation is settled by the system.
    await db.execute(sql`update refunds set next_retry_at = now() - interval '1 second' where id = ${refundId}`);
    expect(await payOutRefund(db, refundId)).toMatchObject({ status: "succeeded" });
    expect(await escalations(`refund_returned:${refundId}`)).toMatchObject({ alert_status: "resolved", open: 0 });
  });
});

describe("legal deadline alerts", () => {
  it("medium when near, critical with a follow-up when missed, each once; settled when paid", async () => {
    const { refundId } = await owe();
    const due = new Date(Date.UTC(2030, 0, 15, 5)); // far from the seed's own due dates
    await db.execute(sql`update refunds set due_by = ${due.toISOString()} where id = ${refundId}`);
    const at = (ms: number) => new Date(due.getTime() + ms);

    await checkRefundDeadlines(db, { now: at(-DEADLINE_WARNING_MS - HOUR) });
    expect(await refund(refundId)).toMatchObject({ deadline_alert: null });

    await checkRefundDeadlines(db, { now: at(-DEADLINE_WARNING_MS + HOUR), batch: 3 });
    await checkRefundDeadlines(db, { now: at(-HOUR) });
    expect(await refund(refundId)).toMatchObject({ deadline_alert: "near" });
    expect(await escalations(`refund_deadline_near:${refundId}`)).toMatchObject({ alerts: 1, severity: "medium" });
    // A human resolves the warning: the sweep never raises it again.
    await db.execute(
      sql`update alerts set status = 'resolved' where dedupe_key = ${`refund_deadline_near:${refundId}`}`,
    );
    await checkRefundDeadlines(db, { now: at(-HOUR / 2) });
    expect(await escalations(`refund_deadline_near:${refundId}`)).toMatchObject({ alerts: 1 });

    await checkRefundDeadlines(db, { now: at(HOUR) });
    await checkRefundDeadlines(db, { now: at(2 * HOUR) });
    expect(await refund(refundId)).toMatchObject({ deadline_alert: "missed" });
    expect(await escalations(`refund_deadline_missed:${refundId}`)).toMatchObject({
      alerts: 1,
      severity: "critical",
      follow_ups: 1,
      open: 1,
    });
    expect(await events("refund/deadline_alert", refundId)).toBe(2);

    // Paid late is still paid: its missed-deadline alert and follow-up are settled.
    expect(await payOutRefund(db, refundId)).toMatchObject({ status: "succeeded" });
    expect(await escalations(`refund_deadline_missed:${refundId}`)).toMatchObject({
      alert_status: "resolved",
      open: 0,
    });
  });

  it("a refund first seen past its due date goes straight to missed; a paid one is never alerted", async () => {
    const late = await owe();
    const paid = await owe();
    const due = new Date(Date.UTC(2030, 5, 3, 4));
    await db.execute(
      sql`update refunds set due_by = ${due.toISOString()} where id in (${late.refundId}, ${paid.refundId})`,
    );
    expect(await payOutRefund(db, paid.refundId)).toMatchObject({ status: "succeeded" });
    await checkRefundDeadlines(db, { now: new Date(due.getTime() + 3 * HOUR) });
    expect(await escalations(`refund_deadline_near:${late.refundId}`)).toMatchObject({ alerts: 0 });
    expect(await escalations(`refund_deadline_missed:${late.refundId}`)).toMatchObject({ alerts: 1 });
    expect(await refund(paid.refundId)).toMatchObject({ deadline_alert: null });
    expect(await escalations(`refund_deadline_missed:${paid.refundId}`)).toMatchObject({ alerts: 0 });
  });
});

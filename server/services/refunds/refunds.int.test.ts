import { opsActor } from "@/server/domain/actor";
import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { provideDb } from "@/db/client";
import { seedDemo } from "@/db/seed";
import { POST } from "@/app/api/webhooks/stripe/route";
import { clearLocalFaults, deliverLocalGatewayEvents, injectLocalFault } from "@/server/payments";
import { createTestDb } from "@/tests/db";
import { deliverAndProcess } from "@/tests/fixtures/stripe-delivery";
import { callerAs, sessions } from "@/tests/sessions";
import { dueRefunds } from "./due-refunds";
import { MAX_REFUND_ATTEMPTS, payOutRefund } from "./pay-out-refund";
import { retryRefundNow } from "./retry-refund";

// The refund path against the local gateway's faults, and the Stripe webhook route in front of it.
const db = await createTestDb();
provideDb(db);
const q = async <T>(query: ReturnType<typeof sql>) => (await db.execute(query)) as unknown as T[];
await seedDemo(db, { bookings: 80 });
let n = 0;

/** A new pending refund of `amount` against a seeded booking's charge. */
async function owe(amount = 1000) {
  const [p] = await q<{ id: string; booking_id: string; currency: string }>(sql`
    select p.id, p.booking_id, p.currency from payment_transactions p
    where p.kind = 'charge' and p.status = 'succeeded' and p.amount_minor - p.refunded_minor >= ${amount}
      and not exists (select 1 from refunds r where r.booking_id = p.booking_id)
    order by p.id offset ${n++} limit 1`);
  const [r] = await q<{
    id: string;
  }>(sql`insert into refunds (booking_id, payment_transaction_id, refund_reference, idempotency_key, amount_minor, currency, status, reason)
    values (${p.booking_id}, ${p.id}, ${`RF-TEST-${n}`}, ${`refund:test:${n}`}, ${amount}, ${p.currency}, 'pending', 'test') returning id`);
  return { refundId: r.id, bookingId: p.booking_id };
}
const refund = async (id: string) =>
  (
    await q<{ status: string; retry_count: number; stripe_refund_id: string | null; estimated_arrival: string | null }>(
      sql`select status::text, retry_count, stripe_refund_id, estimated_arrival::text from refunds where id = ${id}`,
    )
  )[0];
const gatewayRefunds = async (id: string) =>
  (
    await q<{ n: number }>(
      sql`select count(*)::int as n from local_gateway_refunds where metadata->>'refund_id' = ${id}`,
    )
  )[0].n;
const makeDue = (id: string) =>
  db.execute(sql`update refunds set next_retry_at = now() - interval '1 second' where id = ${id}`);

beforeEach(() => clearLocalFaults(db));

describe("paying refunds out", () => {
  it("pays a pending refund once: expected arrival set, traveler told; a second call does nothing", async () => {
    const { refundId, bookingId } = await owe();
    expect(await payOutRefund(db, refundId)).toMatchObject({ status: "succeeded" });
    expect(await refund(refundId)).toMatchObject({
      status: "succeeded",
      retry_count: 0,
      estimated_arrival: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    expect(await payOutRefund(db, refundId)).toEqual({ status: "skipped", refundId, current: "succeeded" });
    expect(await gatewayRefunds(refundId)).toBe(1);
    const [c] = await q<{ n: number }>(
      sql`select count(*)::int as n from booking_communications where booking_id = ${bookingId} and dedupe_key = ${`refund_confirmation:${refundId}`}`,
    );
    expect(c.n).toBe(1);
  });

  it("a timeout after the gateway made the refund retries with the same key: one refund, not two", async () => {
    const { refundId } = await owe();
    await injectLocalFault(db, { operation: "refund", mode: "timeout_after_success" });
    expect(await payOutRefund(db, refundId)).toMatchObject({ status: "retry_later" });
    expect(await refund(refundId)).toMatchObject({ status: "processing" });
    expect(await payOutRefund(db, refundId)).toMatchObject({ status: "skipped" }); // not due yet
    await makeDue(refundId);
    expect(await dueRefunds(db, new Date())).toContain(refundId);
    expect(await payOutRefund(db, refundId)).toMatchObject({ status: "succeeded" });
    expect(await gatewayRefunds(refundId)).toBe(1);
  });

  it("declined on every attempt: retried with new keys, then escalated with an alert, a follow-up and refund/failed", async () => {
    const { refundId } = await owe();
    await injectLocalFault(db, {
      operation: "refund",
      mode: "decline",
      times: MAX_REFUND_ATTEMPTS,
      declineCode: "expired_card",
    });
    for (let attempt = 1; attempt <= MAX_REFUND_ATTEMPTS; attempt++) {
      await makeDue(refundId);
      expect(await payOutRefund(db, refundId)).toMatchObject({
        status: "failed",
        escalated: attempt === MAX_REFUND_ATTEMPTS,
      });
    }
    expect(await refund(refundId)).toMatchObject({ status: "failed", retry_count: MAX_REFUND_ATTEMPTS });
    expect(await dueRefunds(db, new Date(Date.now() + 86_400_000))).not.toContain(refundId);
    const [e] = await q<{ alerts: number; follow_ups: number; events: number }>(sql`select
      (select count(*)::int from alerts where dedupe_key = ${`refund_failed:${refundId}`}) as alerts,
      (select count(*)::int from manual_follow_ups where dedupe_key = ${`refund_failed:${refundId}`}) as follow_ups,
      (select count(*)::int from outbox where name = 'refund/failed' and data->>'refundId' = ${refundId}) as events`);
    expect(e).toMatchObject({ alerts: 1, follow_ups: 1, events: 1 });
    // Support asks again once the card is fixed: a new attempt with a new key succeeds.
    await retryRefundNow(db, { refundId, actor: opsActor("founder@example.com") });
    expect(await payOutRefund(db, refundId)).toMatchObject({ status: "succeeded" });
    expect(await gatewayRefunds(refundId)).toBe(1);
    // Paid at last: the escalation is closed by the system, with a note.
    const [closed] = await q<{ alert: string; follow_up: string }>(sql`select
      (select status::text from alerts where dedupe_key = ${`refund_failed:${refundId}`}) as alert,
      (select resolution from manual_follow_ups where dedupe_key = ${`refund_failed:${refundId}`} and resolved and resolved_by = 'system') as follow_up`);
    expect(closed).toEqual({ alert: "resolved", follow_up: expect.stringContaining("went through") });
  });

  it("a refund that fails later at the gateway comes back through the signed webhook and is retried", async () => {
    const { refundId } = await owe();
    await injectLocalFault(db, { operation: "refund", mode: "fail_later" });
    expect(await payOutRefund(db, refundId)).toMatchObject({ status: "processing" });
    await deliverAndProcess(db);
    expect(await refund(refundId)).toMatchObject({ status: "failed", retry_count: 1 });
    // Redelivered events change nothing more.
    await db.execute(sql`update local_gateway_events set delivered_at = null`);
    await deliverAndProcess(db);
    expect(await refund(refundId)).toMatchObject({ status: "failed", retry_count: 1 });
    await makeDue(refundId);
    expect(await payOutRefund(db, refundId)).toMatchObject({ status: "succeeded" });
  });
});

describe("POST /api/webhooks/stripe", () => {
  const post = (body: string, signature?: string) =>
    POST(
      new Request("http://localhost/api/webhooks/stripe", {
        method: "POST",
        body,
        headers: signature ? { "stripe-signature": signature } : {},
      }),
    );
  const body = JSON.stringify({
    id: "evt_forged",
    object: "event",
    type: "refund.updated",
    data: { object: { id: "re_x", object: "refund" } },
  });

  it("refuses forged, stale and missing signatures with 401 and stores nothing", async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await post(body)).status).toBe(401);
    expect((await post(body, `t=${now},v1=${"0".repeat(64)}`)).status).toBe(401);
    expect((await post(body, `t=${now - 3600},v1=${"0".repeat(64)}`)).status).toBe(401);
    const [s] = await q<{ n: number }>(
      sql`select count(*)::int as n from payment_webhook_events where gateway_event_id = 'evt_forged'`,
    );
    expect(s.n).toBe(0);
  });

  it("stores a signed event once; a redelivery is answered 200 as a duplicate", async () => {
    const { refundId } = await owe();
    await payOutRefund(db, refundId);
    const bodies: { body: string; signature: string }[] = [];
    await deliverLocalGatewayEvents(db, async (b, signature) => {
      bodies.push({ body: b, signature });
      return 200;
    });
    expect(bodies.length).toBeGreaterThan(0);
    const first = await post(bodies[0].body, bodies[0].signature);
    expect(await first.json()).toEqual({ received: true, duplicate: false });
    const again = await post(bodies[0].body, bodies[0].signature);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ received: true, duplicate: true });
  });
});

describe("manual refunds from the console", () => {
  it("refuses an amount above what is left, an unknown or other currency, and non-ops callers, writing nothing", async () => {
    const [p] = await q<{ booking_id: string; currency: string; left: number }>(sql`
      select booking_id, currency, (amount_minor - refunded_minor)::int as left from payment_transactions
      where kind = 'charge' and status = 'succeeded' and amount_minor - refunded_minor > 100 and currency in ('USD', 'GBP', 'JPY') order by id desc limit 1`);
    const ops = callerAs(db, sessions.ops());
    const count = async () =>
      (await q<{ n: number }>(sql`select count(*)::int as n from refunds where booking_id = ${p.booking_id}`))[0].n;
    const before = await count();
    const input = { bookingId: p.booking_id, amountMinor: p.left + 1, currency: p.currency, reason: "goodwill" };
    await expect(ops.ops.money.manualRefund(input)).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("left to refund"),
    });
    await expect(ops.ops.money.manualRefund({ ...input, amountMinor: 100, currency: "XYZ" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "Unknown currency XYZ",
    });
    await expect(ops.ops.money.manualRefund({ ...input, amountMinor: 100, currency: "EUR" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(ops.ops.money.manualRefund({ ...input, amountMinor: -5 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(
      callerAs(db, sessions.guest(p.booking_id)).ops.money.manualRefund({ ...input, amountMinor: 100 }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await count()).toBe(before);

    const r = await ops.ops.money.manualRefund({ ...input, amountMinor: p.left });
    expect(await payOutRefund(db, r.id)).toMatchObject({ status: "succeeded" });
    // Nothing is left now: even one minor unit more is refused.
    await expect(ops.ops.money.manualRefund({ ...input, amountMinor: 1 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});

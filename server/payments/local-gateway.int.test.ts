// The local gateway on a real PostgreSQL: idempotency under concurrency, refund limits, each
// fault, payment intents with authentication, disputes, and signed events verified by the SDK.
import { count, eq } from "drizzle-orm";
import Stripe from "stripe";
import { beforeEach, describe, expect, it } from "vitest";
import {
  bookings,
  localGatewayEvents,
  localGatewayFaults,
  localGatewayIdempotency,
  localGatewayPaymentIntents,
  localGatewayRefunds,
  paymentTransactions,
} from "@/db/schema";
import { createTestDb } from "@/tests/db";
import { AmbiguousOutcomeError, GatewayError, GatewayUnavailableError, PaymentDeclinedError } from "./errors";
import { advanceLocalGateway, deliverLocalGatewayEvents } from "./local-events";
import { injectLocalFault } from "./local-faults";
import {
  closeLocalDispute,
  completeLocalAction,
  createLocalCharge,
  createLocalDispute,
  createLocalGateway,
  testPaymentMethods,
} from "./local-gateway";

const db = await createTestDb();
const secret = "whsec_local_test_secret";
const gw = createLocalGateway(db, {
  webhookSecret: secret,
  actionUrl: (id) => `http://localhost:3000/pay/authenticate/${id}`,
});
let n = 0;
const key = (s: string) => `${s}:${++n}`;

const eventsOf = async (type: string) =>
  (await db.select().from(localGatewayEvents).where(eq(localGatewayEvents.type, type))).map((e) => e.payload);

beforeEach(async () => {
  await db.delete(localGatewayFaults);
});

describe("refunds", () => {
  it("50 concurrent calls with one key make one refund and all get it", async () => {
    const { paymentIntentId } = await createLocalCharge(db, { amountMinor: 120_00, currency: "USD" });
    const k = key("refund");
    const runs = await Promise.allSettled(
      Array.from({ length: 50 }, () =>
        gw.refund({
          idempotencyKey: k,
          paymentIntentId,
          amountMinor: 45_50,
          currency: "USD",
          reason: "requested_by_customer",
          metadata: { refundId: "r1" },
        }),
      ),
    );
    expect(runs.filter((r) => r.status === "rejected")).toEqual([]);
    const ids = new Set(
      runs.map((r) => (r as PromiseFulfilledResult<{ gatewayRefundId: string }>).value.gatewayRefundId),
    );
    expect(ids.size).toBe(1);
    expect(
      await db
        .select({ n: count() })
        .from(localGatewayRefunds)
        .where(eq(localGatewayRefunds.paymentIntentId, paymentIntentId)),
    ).toEqual([{ n: 1 }]);
    const [pi] = await db
      .select()
      .from(localGatewayPaymentIntents)
      .where(eq(localGatewayPaymentIntents.id, paymentIntentId));
    expect(pi.refundedMinor).toBe(45_50);
    const created = (await eventsOf("refund.created")).filter(
      (e) => (e as { data: { object: { payment_intent: string } } }).data.object.payment_intent === paymentIntentId,
    );
    expect(created).toHaveLength(1);
  });

  it("the same key with other parameters is refused; with the same ones it replays", async () => {
    const { paymentIntentId, chargeId } = await createLocalCharge(db, { amountMinor: 100_00, currency: "EUR" });
    const k = key("refund");
    const first = await gw.refund({ idempotencyKey: k, paymentIntentId, amountMinor: 10_00, currency: "EUR" });
    expect(first).toMatchObject({
      status: "succeeded",
      amountMinor: 10_00,
      currency: "EUR",
      paymentIntentId,
      chargeId,
    });
    expect(await gw.refund({ idempotencyKey: k, paymentIntentId, amountMinor: 10_00, currency: "EUR" })).toEqual(first);
    await expect(
      gw.refund({ idempotencyKey: k, paymentIntentId, amountMinor: 11_00, currency: "EUR" }),
    ).rejects.toMatchObject({ kind: "idempotency_conflict" });
    // By charge id too.
    expect(
      (await gw.refund({ idempotencyKey: key("refund"), chargeId, amountMinor: 5_00, currency: "EUR" }))
        .paymentIntentId,
    ).toBe(paymentIntentId);
  });

  it("never refunds more than was captured, even concurrently", async () => {
    const { paymentIntentId } = await createLocalCharge(db, { amountMinor: 100_00, currency: "USD" });
    await gw.refund({ idempotencyKey: key("r"), paymentIntentId, amountMinor: 60_00, currency: "USD" });
    const refusedKey = key("r");
    const e = await gw
      .refund({ idempotencyKey: refusedKey, paymentIntentId, amountMinor: 50_00, currency: "USD" })
      .catch((x) => x);
    expect(e).toBeInstanceOf(GatewayError);
    expect(e).toMatchObject({ kind: "invalid", code: "amount_too_large", details: { remainingMinor: 40_00 } });

    const other = await createLocalCharge(db, { amountMinor: 100_00, currency: "USD" });
    const runs = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        gw.refund({
          idempotencyKey: key("r"),
          paymentIntentId: other.paymentIntentId,
          amountMinor: 20_00,
          currency: "USD",
        }),
      ),
    );
    expect(runs.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    expect(
      runs
        .filter((r) => r.status === "rejected")
        .every(
          (r) =>
            (r as PromiseRejectedResult).reason.code === "charge_already_refunded" ||
            (r as PromiseRejectedResult).reason.code === "amount_too_large",
        ),
    ).toBe(true);
    // A refused request saves nothing under its key (Stripe saves no result for failed validation).
    expect(await db.select().from(localGatewayIdempotency).where(eq(localGatewayIdempotency.key, refusedKey))).toEqual(
      [],
    );
  });

  it("refuses unknown intents, other currencies and KWD amounts Stripe could not take", async () => {
    await expect(
      gw.refund({ idempotencyKey: key("r"), paymentIntentId: "pi_nope", amountMinor: 1_00, currency: "USD" }),
    ).rejects.toMatchObject({ kind: "not_found" });
    const { paymentIntentId } = await createLocalCharge(db, { amountMinor: 10_000, currency: "KWD" });
    await expect(
      gw.refund({ idempotencyKey: key("r"), paymentIntentId, amountMinor: 1_000, currency: "USD" }),
    ).rejects.toMatchObject({ code: "currency_mismatch" });
    await expect(
      gw.refund({ idempotencyKey: key("r"), paymentIntentId, amountMinor: 1_005, currency: "KWD" }),
    ).rejects.toMatchObject({ code: "amount_not_representable" });
    expect(
      (await gw.refund({ idempotencyKey: key("r"), paymentIntentId, amountMinor: 1_010, currency: "KWD" })).amountMinor,
    ).toBe(1_010);
  });

  it("adopts a checkout charge recorded in payment_transactions, minus what was already refunded there", async () => {
    const [b] = await db
      .insert(bookings)
      .values({
        bookingReference: "BKLG0001",
        bookingType: "single",
        totalMinor: 500_00,
        currency: "USD",
        paidMinor: 500_00,
        travelers: [{ firstName: "Ana", lastName: "Silva", type: "adult" }],
        contactInfo: { email: "ana@example.com", name: "Ana Silva" },
        contactEmail: "ana@example.com",
        leadLastName: "Silva",
      })
      .returning();
    await db.insert(paymentTransactions).values({
      bookingId: b.id,
      kind: "charge",
      status: "succeeded",
      amountMinor: 500_00,
      currency: "USD",
      gateway: "local",
      stripePaymentIntentId: "pi_checkout_1",
      stripeChargeId: "ch_checkout_1",
    });
    const r = await gw.refund({
      idempotencyKey: key("r"),
      chargeId: "ch_checkout_1",
      amountMinor: 500_00,
      currency: "USD",
    });
    expect(r).toMatchObject({ status: "succeeded", paymentIntentId: "pi_checkout_1" });
    await expect(
      gw.refund({ idempotencyKey: key("r"), paymentIntentId: "pi_checkout_1", amountMinor: 1, currency: "USD" }),
    ).rejects.toMatchObject({ code: "charge_already_refunded" });
  });
});

describe("refund faults", () => {
  it("decline: the next N refunds are declined, and a declined key replays its decline", async () => {
    const { paymentIntentId } = await createLocalCharge(db, { amountMinor: 100_00, currency: "USD" });
    await injectLocalFault(db, { operation: "refund", mode: "decline", times: 2, declineCode: "expired_card" });
    const k1 = key("r");
    const e1 = await gw
      .refund({ idempotencyKey: k1, paymentIntentId, amountMinor: 10_00, currency: "USD" })
      .catch((x) => x);
    expect(e1).toBeInstanceOf(PaymentDeclinedError);
    expect(e1).toMatchObject({ declineCode: "expired_card", retryable: false });
    await expect(
      gw.refund({ idempotencyKey: key("r"), paymentIntentId, amountMinor: 10_00, currency: "USD" }),
    ).rejects.toBeInstanceOf(PaymentDeclinedError);
    expect(
      (await gw.refund({ idempotencyKey: key("r"), paymentIntentId, amountMinor: 10_00, currency: "USD" })).status,
    ).toBe("succeeded");
    await expect(
      gw.refund({ idempotencyKey: k1, paymentIntentId, amountMinor: 10_00, currency: "USD" }),
    ).rejects.toMatchObject({ declineCode: "expired_card" });
    const [pi] = await db
      .select()
      .from(localGatewayPaymentIntents)
      .where(eq(localGatewayPaymentIntents.id, paymentIntentId));
    expect(pi.refundedMinor).toBe(10_00);
  });

  it("timeout after success: the refund is made, the call throws ambiguous, a retry with the key returns it", async () => {
    const { paymentIntentId } = await createLocalCharge(db, { amountMinor: 100_00, currency: "USD" });
    await injectLocalFault(db, { operation: "refund", mode: "timeout_after_success" });
    const k = key("r");
    const e = await gw
      .refund({ idempotencyKey: k, paymentIntentId, amountMinor: 30_00, currency: "USD" })
      .catch((x) => x);
    expect(e).toBeInstanceOf(AmbiguousOutcomeError);
    expect(e.retryable).toBe(true);
    const rows = await db
      .select()
      .from(localGatewayRefunds)
      .where(eq(localGatewayRefunds.paymentIntentId, paymentIntentId));
    expect(rows).toHaveLength(1);
    const again = await gw.refund({ idempotencyKey: k, paymentIntentId, amountMinor: 30_00, currency: "USD" });
    expect(again).toMatchObject({ gatewayRefundId: rows[0].id, status: "succeeded" });
    expect(
      await db.select().from(localGatewayRefunds).where(eq(localGatewayRefunds.paymentIntentId, paymentIntentId)),
    ).toHaveLength(1);
  });

  it("fail later: pending now, failed after advancing, with refund.failed and charge.refund.updated; the money returns to the charge", async () => {
    const { paymentIntentId } = await createLocalCharge(db, { amountMinor: 100_00, currency: "USD" });
    await injectLocalFault(db, { operation: "refund", mode: "fail_later" });
    const r = await gw.refund({ idempotencyKey: key("r"), paymentIntentId, amountMinor: 100_00, currency: "USD" });
    expect(r.status).toBe("pending");
    expect(await advanceLocalGateway(db)).toBeGreaterThanOrEqual(1);
    expect(await gw.retrieveRefund(r.gatewayRefundId)).toMatchObject({
      status: "failed",
      failureReason: "expired_or_canceled_card",
    });
    const failed = (await eventsOf("refund.failed")).map(
      (e) => (e as { data: { object: { id: string; status: string } } }).data.object,
    );
    expect(failed).toContainEqual(expect.objectContaining({ id: r.gatewayRefundId, status: "failed" }));
    const updated = (await eventsOf("charge.refund.updated")).map(
      (e) => (e as { data: { object: { id: string } } }).data.object.id,
    );
    expect(updated).toContain(r.gatewayRefundId);
    // Retried by our refunds job under a new key (a new attempt), it can go through now.
    expect(
      (await gw.refund({ idempotencyKey: key("r"), paymentIntentId, amountMinor: 100_00, currency: "USD" })).status,
    ).toBe("succeeded");
  });

  it("unavailable: nothing happens; the same key works once the gateway is back", async () => {
    const { paymentIntentId } = await createLocalCharge(db, { amountMinor: 100_00, currency: "USD" });
    await injectLocalFault(db, { operation: "refund", mode: "unavailable" });
    const k = key("r");
    await expect(
      gw.refund({ idempotencyKey: k, paymentIntentId, amountMinor: 10_00, currency: "USD" }),
    ).rejects.toBeInstanceOf(GatewayUnavailableError);
    expect(
      await db.select().from(localGatewayRefunds).where(eq(localGatewayRefunds.paymentIntentId, paymentIntentId)),
    ).toHaveLength(0);
    expect((await gw.refund({ idempotencyKey: k, paymentIntentId, amountMinor: 10_00, currency: "USD" })).status).toBe(
      "succeeded",
    );
  });

  it("fail_later is for refunds only", async () => {
    await expect(injectLocalFault(db, { operation: "charge", mode: "fail_later" })).rejects.toMatchObject({
      kind: "invalid",
    });
  });
});

describe("payment intents", () => {
  const base = (pm: string) => ({
    idempotencyKey: key("fee"),
    amountMinor: 25_00,
    currency: "EUR",
    paymentMethodId: pm,
    description: "Name change fee",
    metadata: { modificationId: "m1" },
    confirm: true as const,
    returnUrl: "http://localhost:3000/bookings/X",
  });

  it("a saved card succeeds at once; the key replays it", async () => {
    const req = base(testPaymentMethods.succeeds);
    const pi = await gw.createPaymentIntent(req);
    expect(pi).toMatchObject({ status: "succeeded", amountMinor: 25_00, amountReceivedMinor: 25_00, currency: "EUR" });
    expect(await gw.createPaymentIntent(req)).toEqual(pi);
    expect(await gw.retrievePaymentIntent(pi.id)).toMatchObject({ status: "succeeded", chargeId: pi.chargeId });
    await expect(gw.cancelPaymentIntent(pi.id)).rejects.toMatchObject({
      kind: "invalid",
      code: "payment_intent_unexpected_state",
    });
  });

  it("a card that needs authentication waits on the local payment page, then succeeds or fails", async () => {
    const pi = await gw.createPaymentIntent(base(testPaymentMethods.requiresAuthentication));
    expect(pi).toMatchObject({
      status: "requires_action",
      amountReceivedMinor: 0,
      nextActionUrl: `http://localhost:3000/pay/authenticate/${pi.id}`,
    });
    expect(await completeLocalAction(db, pi.id, "succeed")).toMatchObject({
      status: "succeeded",
      amountReceivedMinor: 25_00,
    });
    await expect(completeLocalAction(db, pi.id, "fail")).rejects.toMatchObject({ kind: "invalid" });

    const pi2 = await gw.createPaymentIntent(base(testPaymentMethods.requiresAuthentication));
    expect(await completeLocalAction(db, pi2.id, "fail")).toMatchObject({
      status: "requires_payment_method",
      lastError: { code: "payment_intent_authentication_failure" },
    });
    const pi3 = await gw.createPaymentIntent(base(testPaymentMethods.requiresAuthentication));
    expect((await gw.cancelPaymentIntent(pi3.id, { idempotencyKey: key("void") })).status).toBe("canceled");
    expect((await eventsOf("payment_intent.canceled")).length).toBeGreaterThanOrEqual(1);
  });

  it("declined cards and the charge decline fault throw PaymentDeclinedError and leave the intent needing a method", async () => {
    const req = base(testPaymentMethods.insufficientFunds);
    const e = await gw.createPaymentIntent(req).catch((x) => x);
    expect(e).toBeInstanceOf(PaymentDeclinedError);
    expect(e.declineCode).toBe("insufficient_funds");
    expect(await gw.retrievePaymentIntent(e.details.paymentIntentId)).toMatchObject({
      status: "requires_payment_method",
      lastError: { declineCode: "insufficient_funds" },
    });
    await expect(gw.createPaymentIntent(req)).rejects.toMatchObject({
      declineCode: "insufficient_funds",
      details: { paymentIntentId: e.details.paymentIntentId },
    });

    await injectLocalFault(db, { operation: "charge", mode: "decline", declineCode: "do_not_honor" });
    await expect(gw.createPaymentIntent(base(testPaymentMethods.succeeds))).rejects.toMatchObject({
      declineCode: "do_not_honor",
    });
    expect((await gw.createPaymentIntent(base(testPaymentMethods.succeeds))).status).toBe("succeeded");
  });

  it("charge timeout after success: the retry with the key returns the charged intent, no second charge", async () => {
    await injectLocalFault(db, { operation: "charge", mode: "timeout_after_success" });
    const req = base(testPaymentMethods.succeeds);
    await expect(gw.createPaymentIntent(req)).rejects.toBeInstanceOf(AmbiguousOutcomeError);
    const pi = await gw.createPaymentIntent(req);
    expect(pi.status).toBe("succeeded");
    const mine = (await db.select().from(localGatewayPaymentIntents)).filter(
      (r) => r.metadata.modificationId === "m1" && r.amountMinor === 25_00 && r.id === pi.id,
    );
    expect(mine).toHaveLength(1);
  });
});

describe("disputes", () => {
  it("a dispute takes evidence with a file once, then closes", async () => {
    const { paymentIntentId } = await createLocalCharge(db, { amountMinor: 300_00, currency: "GBP" });
    const d = await createLocalDispute(db, { paymentIntentId, reason: "product_not_received" });
    expect(d).toMatchObject({
      status: "needs_response",
      amountMinor: 300_00,
      currency: "GBP",
      paymentIntentId,
      evidenceSubmitted: false,
    });
    expect(d.evidenceDueBy!.getTime()).toBeGreaterThan(Date.now());
    const pdf = new TextEncoder().encode("%PDF-1.7 history");
    const after = await gw.submitDisputeEvidence(d.id, { customer_name: "Ana Silva", service_date: "2026-07-01" }, [
      { field: "service_documentation", data: pdf, filename: "history.pdf", contentType: "application/pdf" },
    ]);
    expect(after).toMatchObject({ status: "under_review", evidenceSubmitted: true });
    await expect(gw.submitDisputeEvidence(d.id, { customer_name: "x" })).rejects.toMatchObject({
      code: "dispute_already_submitted",
    });
    expect((await closeLocalDispute(db, d.id, "won")).status).toBe("won");
    expect((await gw.retrieveDispute(d.id)).status).toBe("won");
    await expect(
      gw.submitDisputeEvidence((await createLocalDispute(db, { paymentIntentId })).id, {
        receipt: "file_local_missing",
      }),
    ).rejects.toMatchObject({ kind: "invalid", details: { field: "evidence.receipt" } });
  });
});

describe("events", () => {
  it("are delivered in order, signed so that the real SDK's constructEvent accepts them, and marked delivered", async () => {
    const { paymentIntentId } = await createLocalCharge(db, { amountMinor: 50_00, currency: "USD" });
    await injectLocalFault(db, { operation: "refund", mode: "fail_later" });
    const r = await gw.refund({ idempotencyKey: key("r"), paymentIntentId, amountMinor: 50_00, currency: "USD" });

    const received: Stripe.Event[] = [];
    let refused: string | null = null;
    const post = async (body: string, header: string) => {
      const event = Stripe.webhooks.constructEvent(body, header, secret); // throws on a bad signature
      if (!refused && event.type === "refund.failed") {
        refused = event.id;
        return 500;
      }
      received.push(event);
      return 200;
    };
    const first = await deliverLocalGatewayEvents(db, post, { webhookSecret: secret, limit: 10_000 });
    expect(first.failed).toBe(1); // stopped at refund.failed, which stays undelivered
    const second = await deliverLocalGatewayEvents(db, post, { webhookSecret: secret, limit: 10_000 });
    expect(second.failed).toBe(0);
    const seqs = (await db.select().from(localGatewayEvents).orderBy(localGatewayEvents.seq)).map((e) => e.id);
    expect(received.map((e) => e.id)).toEqual(seqs); // every event, once, in order
    const mine = received.filter((e) => (e.data.object as { id?: string }).id === r.gatewayRefundId).map((e) => e.type);
    expect(mine).toEqual(["refund.created", "charge.refund.updated", "refund.updated", "refund.failed"]);
    // The event our receiver refused once (the first refund.failed in line; an earlier test may have made one too).
    const [failedRow] = await db.select().from(localGatewayEvents).where(eq(localGatewayEvents.id, refused!));
    expect(failedRow).toMatchObject({ attempts: 2, lastError: null });
    expect(failedRow.deliveredAt).not.toBeNull();
    expect(await deliverLocalGatewayEvents(db, post, { webhookSecret: secret, limit: 10_000 })).toEqual({
      delivered: 0,
      failed: 0,
    });
  });

  it("parseWebhook verifies with the SDK and tells forged and stale apart", async () => {
    const body = JSON.stringify({ id: "evt_x", object: "event", type: "refund.failed", data: { object: {} } });
    const t = Math.floor(Date.now() / 1000);
    expect(gw.parseWebhook(body, Stripe.webhooks.generateTestHeaderString({ payload: body, secret })).id).toBe("evt_x");
    expect(() =>
      gw.parseWebhook(body, Stripe.webhooks.generateTestHeaderString({ payload: body, secret: "whsec_wrong" })),
    ).toThrow(expect.objectContaining({ reason: "forged" }));
    expect(() =>
      gw.parseWebhook(body, Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp: t - 600 })),
    ).toThrow(expect.objectContaining({ reason: "stale" }));
    expect(() => gw.parseWebhook(body, undefined)).toThrow(expect.objectContaining({ reason: "missing" }));
  });
});

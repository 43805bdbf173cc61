import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { bookings, cancellationRequests, disputes, paymentTransactions, providerWebhooks } from "@/db/schema";
import type { CancellationStatus } from "@/server/domain/statuses";
import { createTestDb } from "@/tests/db";
import {
  expectRefused,
  invariantFixtures,
  OTHER_PROVIDER,
  PROVIDER,
  UNIQUE,
  uniq,
} from "@/tests/fixtures/db-invariants";

// Unique keys held by the database itself: references, provider event ids, Stripe ids, one open cancellation.
const db = await createTestDb();
const { bookingRow, seed, insertRefund, paymentRefunded } = invariantFixtures(db);

describe("unique keys", () => {
  const webhook = (providerCode: string, webhookId: string) => ({
    providerCode,
    webhookId,
    eventType: "booking.schedule_changed",
    payload: { id: webhookId },
  });

  it("stores a provider's webhook once, while another provider may reuse the id", async () => {
    const id = `wh_${uniq()}`;
    await db.insert(providerWebhooks).values(webhook(PROVIDER, id));
    await expectRefused(
      db.insert(providerWebhooks).values(webhook(PROVIDER, id)),
      UNIQUE,
      "provider_webhooks_provider_webhook_id",
    );
    await db.insert(providerWebhooks).values(webhook(OTHER_PROVIDER, id));
    // The idempotent ingest path: ON CONFLICT DO NOTHING stores nothing new.
    const again = await db.insert(providerWebhooks).values(webhook(PROVIDER, id)).onConflictDoNothing().returning();
    expect(again).toEqual([]);
    const rows = await db.select().from(providerWebhooks).where(eq(providerWebhooks.webhookId, id));
    expect(rows.map((r) => r.providerCode).sort()).toEqual([PROVIDER, OTHER_PROVIDER].sort());
  });

  const openStatuses: CancellationStatus[] = [
    "pending",
    "calculating",
    "awaiting_confirmation",
    "processing",
    "partial",
  ];
  const closedStatuses: CancellationStatus[] = ["completed", "rejected", "failed", "expired"];
  const cancellation = (bookingId: string, status: CancellationStatus) => ({
    bookingId,
    requestedBy: "traveler" as const,
    cancellationType: "full",
    status,
  });

  it("refuses a second open cancellation request, and accepts a new one once the first is completed", async () => {
    const s = await seed();
    const [first] = await db.insert(cancellationRequests).values(cancellation(s.booking.id, "pending")).returning();
    await expectRefused(
      db.insert(cancellationRequests).values(cancellation(s.booking.id, "pending")),
      UNIQUE,
      "cancellations_one_open_per_booking",
    );
    await db.update(cancellationRequests).set({ status: "completed" }).where(eq(cancellationRequests.id, first.id));
    await db.insert(cancellationRequests).values(cancellation(s.booking.id, "pending"));
    // Another booking is independent.
    const other = await seed();
    await db.insert(cancellationRequests).values(cancellation(other.booking.id, "pending"));
  });

  it.each(openStatuses.flatMap((a) => openStatuses.map((b) => ({ a, b }))))(
    "an open $a request blocks an open $b one",
    async ({ a, b }) => {
      const s = await seed();
      await db.insert(cancellationRequests).values(cancellation(s.booking.id, a));
      await expectRefused(
        db.insert(cancellationRequests).values(cancellation(s.booking.id, b)),
        UNIQUE,
        "cancellations_one_open_per_booking",
      );
    },
  );

  it("closed requests never block: any number of them beside one open request", async () => {
    const s = await seed();
    for (const st of closedStatuses) {
      await db.insert(cancellationRequests).values(cancellation(s.booking.id, st));
      await db.insert(cancellationRequests).values(cancellation(s.booking.id, st));
    }
    const [open] = await db
      .insert(cancellationRequests)
      .values(cancellation(s.booking.id, "awaiting_confirmation"))
      .returning();
    // Re-opening a closed one while another is open is refused too.
    const [closed] = await db.insert(cancellationRequests).values(cancellation(s.booking.id, "expired")).returning();
    await expectRefused(
      db.update(cancellationRequests).set({ status: "pending" }).where(eq(cancellationRequests.id, closed.id)),
      UNIQUE,
      "cancellations_one_open_per_booking",
    );
    expect(open.status).toBe("awaiting_confirmation");
  });

  it("refuses a duplicate booking reference", async () => {
    const ref = `DUP${uniq()}`.toUpperCase();
    await db.insert(bookings).values(bookingRow({ bookingReference: ref }));
    await expectRefused(
      db.insert(bookings).values(bookingRow({ bookingReference: ref })),
      UNIQUE,
      "bookings_reference_unique",
    );
  });

  it("refuses a duplicate Stripe payment intent and charge", async () => {
    const a = await seed(),
      b = await seed();
    const pi = `pi_${uniq()}`,
      ch = `ch_${uniq()}`;
    await db
      .update(paymentTransactions)
      .set({ stripePaymentIntentId: pi, stripeChargeId: ch })
      .where(eq(paymentTransactions.id, a.payment.id));
    await expectRefused(
      db.update(paymentTransactions).set({ stripePaymentIntentId: pi }).where(eq(paymentTransactions.id, b.payment.id)),
      UNIQUE,
      "payments_stripe_payment_intent",
    );
    await expectRefused(
      db.insert(paymentTransactions).values({
        bookingId: b.booking.id,
        kind: "fee_charge",
        status: "succeeded",
        amountMinor: 100,
        currency: "USD",
        stripeChargeId: ch,
      }),
      UNIQUE,
      "payments_stripe_charge",
    );
    // Payments without Stripe ids (the local gateway) are many: NULLs never collide.
    await db
      .insert(paymentTransactions)
      .values({ bookingId: b.booking.id, kind: "fee_charge", status: "succeeded", amountMinor: 100, currency: "USD" });
  });

  it("refuses a duplicate Stripe refund id, refund reference and idempotency key", async () => {
    const s = await seed({ amount: 10_000 });
    const re = `re_${uniq()}`;
    const r = await insertRefund(s, 1_000, { stripeRefundId: re });
    await expectRefused(insertRefund(s, 1_000, { stripeRefundId: re }), UNIQUE, "refunds_stripe_refund");
    await expectRefused(
      insertRefund(s, 1_000, { refundReference: r.refundReference }),
      UNIQUE,
      "refunds_reference_unique",
    );
    await expectRefused(
      insertRefund(s, 1_000, { idempotencyKey: r.idempotencyKey }),
      UNIQUE,
      "refunds_idempotency_key",
    );
    // None of the refused ones reserved anything.
    expect((await paymentRefunded(s.payment.id)).refunded).toBe(1_000);
  });

  it("refuses a duplicate Stripe dispute id", async () => {
    const s = await seed();
    const dp = `dp_${uniq()}`;
    const dispute = {
      bookingId: s.booking.id,
      paymentTransactionId: s.payment.id,
      stripeDisputeId: dp,
      amountMinor: 10_000,
      currency: "USD",
      status: "needs_response" as const,
    };
    await db.insert(disputes).values(dispute);
    await expectRefused(db.insert(disputes).values(dispute), UNIQUE, "disputes_stripe_dispute");
  });
});

// ---------- concurrency ----------

import { randomBytes, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/tests/db";
import {
  bookingItems, bookings, cancellationRequests, disputes, paymentTransactions, providers, providerWebhooks, refunds,
} from "@/db/schema";
import type { CancellationStatus, RefundStatus } from "@/server/domain/statuses";

// DESIGN.md, Data: "Invariants live in the database too". These tests talk to PostgreSQL directly
// (no service in between), so each invariant is shown to hold whatever code writes the rows.

const db = await createTestDb();

// ---------- helpers ----------

type PgErrorLike = { code?: string; constraint_name?: string; message?: string };

/** The PostgreSQL error behind a Drizzle error (DrizzleQueryError keeps it in `.cause`). */
function pgError(e: unknown): PgErrorLike | undefined {
  let cur: unknown = e;
  for (let depth = 0; cur && depth < 5; depth++) {
    const c = cur as PgErrorLike & { cause?: unknown };
    if (typeof c.code === "string" && /^[0-9A-Z]{5}$/.test(c.code)) return c;
    cur = c.cause;
  }
  return undefined;
}

const CHECK = "23514", UNIQUE = "23505";

async function expectRefused(p: Promise<unknown>, code: string, constraint: string) {
  let err: unknown;
  try { await p; } catch (e) { err = e; }
  expect(err, `expected ${constraint} to refuse the write`).toBeDefined();
  const pg = pgError(err);
  expect(pg, String(err)).toBeDefined();
  expect({ code: pg!.code, constraint: pg!.constraint_name }).toEqual({ code, constraint });
}

const uniq = () => randomBytes(6).toString("hex");
const PROVIDER = "inv_air", OTHER_PROVIDER = "inv_hotel";

beforeAll(async () => {
  await db.insert(providers).values([
    { code: PROVIDER, name: "Invariant Air", category: "flight", webhookSecret: "s1" },
    { code: OTHER_PROVIDER, name: "Invariant Hotels", category: "hotel", webhookSecret: "s2" },
  ]);
});

type BookingOverrides = Partial<typeof bookings.$inferInsert>;

function bookingRow(o: BookingOverrides = {}): typeof bookings.$inferInsert {
  return {
    bookingReference: `INV${uniq()}`.toUpperCase(),
    bookingType: "single",
    status: "confirmed",
    totalMinor: 10_000,
    paidMinor: 10_000,
    currency: "USD",
    travelers: [{ firstName: "Ada", lastName: "Lovelace", type: "adult" }],
    contactInfo: { email: "ada@example.com", name: "Ada Lovelace" },
    contactEmail: "ada@example.com",
    leadLastName: "Lovelace",
    ...o,
  };
}

/** A minimal booking with one item and one succeeded card payment of `amount`. */
async function seed(opts: { amount?: number; currency?: string; bookingPaid?: number } = {}) {
  const amount = opts.amount ?? 10_000;
  const currency = opts.currency ?? "USD";
  const [booking] = await db.insert(bookings)
    .values(bookingRow({ totalMinor: amount, paidMinor: opts.bookingPaid ?? amount, currency }))
    .returning();
  const [item] = await db.insert(bookingItems).values({
    bookingId: booking.id, category: "flight", providerCode: PROVIDER, providerBookingId: `PB-${uniq()}`,
    itemDetails: { flight: "IA 100" }, priceMinor: amount, priceCurrency: currency, chargeShareMinor: amount,
  }).returning();
  const [payment] = await db.insert(paymentTransactions).values({
    bookingId: booking.id, kind: "charge", status: "succeeded", amountMinor: amount, currency,
  }).returning();
  return { booking, item, payment };
}

type Seeded = Awaited<ReturnType<typeof seed>>;

function refundRow(s: Seeded, amountMinor: number, o: Partial<typeof refunds.$inferInsert> = {}): typeof refunds.$inferInsert {
  const ref = uniq();
  return {
    bookingId: s.booking.id, paymentTransactionId: s.payment.id,
    refundReference: `RF-${ref}`, idempotencyKey: `refund:${ref}`,
    amountMinor, currency: s.payment.currency, status: "pending", ...o,
  };
}

async function insertRefund(s: Seeded, amountMinor: number, o: Partial<typeof refunds.$inferInsert> = {}) {
  const [r] = await db.insert(refunds).values(refundRow(s, amountMinor, o)).returning();
  return r;
}

async function setRefundStatus(id: string, status: RefundStatus) {
  await db.update(refunds).set({ status }).where(eq(refunds.id, id));
}

async function paymentRefunded(id: string) {
  const [p] = await db.select({ refunded: paymentTransactions.refundedMinor, amount: paymentTransactions.amountMinor })
    .from(paymentTransactions).where(eq(paymentTransactions.id, id));
  return p;
}

async function bookingRefunded(id: string) {
  const [b] = await db.select({ refunded: bookings.refundedMinor }).from(bookings).where(eq(bookings.id, id));
  return b.refunded;
}

// ---------- refunded ≤ paid ----------

describe("refunds never exceed what was paid", () => {
  it("refuses a single refund above the amount paid", async () => {
    const s = await seed({ amount: 10_000 });
    await expectRefused(insertRefund(s, 10_001), CHECK, "payments_refunded_within_paid");
    expect(await paymentRefunded(s.payment.id)).toEqual({ refunded: 0, amount: 10_000 });
    // The whole amount is fine.
    await insertRefund(s, 10_000);
    expect((await paymentRefunded(s.payment.id)).refunded).toBe(10_000);
  });

  it("accepts two refunds that fit and refuses the second of two that do not", async () => {
    const fits = await seed({ amount: 10_000 });
    await insertRefund(fits, 6_000);
    await insertRefund(fits, 4_000);
    expect((await paymentRefunded(fits.payment.id)).refunded).toBe(10_000);

    const over = await seed({ amount: 10_000 });
    await insertRefund(over, 6_000);
    await expectRefused(insertRefund(over, 4_001), CHECK, "payments_refunded_within_paid");
    expect((await paymentRefunded(over.payment.id)).refunded).toBe(6_000);
    const rows = await db.select().from(refunds).where(eq(refunds.paymentTransactionId, over.payment.id));
    expect(rows).toHaveLength(1);
  });

  it("counts pending and processing refunds as reserved, so a third cannot slip in", async () => {
    const s = await seed({ amount: 9_000 });
    await insertRefund(s, 3_000, { status: "pending" });
    await insertRefund(s, 3_000, { status: "processing" });
    await insertRefund(s, 3_000, { status: "succeeded" });
    expect((await paymentRefunded(s.payment.id)).refunded).toBe(9_000);
    await expectRefused(insertRefund(s, 1), CHECK, "payments_refunded_within_paid");
    // Only the succeeded one has actually gone back.
    expect(await bookingRefunded(s.booking.id)).toBe(3_000);
  });

  it("a failed refund releases its reservation", async () => {
    const s = await seed({ amount: 10_000 });
    const r = await insertRefund(s, 7_000);
    await expectRefused(insertRefund(s, 7_000), CHECK, "payments_refunded_within_paid");
    await setRefundStatus(r.id, "failed");
    expect((await paymentRefunded(s.payment.id)).refunded).toBe(0);
    await insertRefund(s, 7_000);
    expect((await paymentRefunded(s.payment.id)).refunded).toBe(7_000);
  });

  it("a cancelled refund releases its reservation, and retrying a failed one reserves again", async () => {
    const s = await seed({ amount: 10_000 });
    const a = await insertRefund(s, 7_000);
    await setRefundStatus(a.id, "cancelled");
    expect((await paymentRefunded(s.payment.id)).refunded).toBe(0);
    const b = await insertRefund(s, 7_000, { status: "failed" });
    expect((await paymentRefunded(s.payment.id)).refunded).toBe(0);
    await setRefundStatus(b.id, "pending");
    expect((await paymentRefunded(s.payment.id)).refunded).toBe(7_000);
    // Retrying the cancelled one as well would go over: refused, nothing changes.
    await expectRefused(setRefundStatus(a.id, "pending"), CHECK, "payments_refunded_within_paid");
    expect((await paymentRefunded(s.payment.id)).refunded).toBe(7_000);
  });

  it("a succeeded refund adds to bookings.refunded_minor; a later failure takes it back off", async () => {
    const s = await seed({ amount: 10_000 });
    const r = await insertRefund(s, 2_500);
    expect(await bookingRefunded(s.booking.id)).toBe(0);
    await setRefundStatus(r.id, "processing");
    expect(await bookingRefunded(s.booking.id)).toBe(0);
    await setRefundStatus(r.id, "succeeded");
    expect(await bookingRefunded(s.booking.id)).toBe(2_500);
    expect((await paymentRefunded(s.payment.id)).refunded).toBe(2_500);
    await insertRefund(s, 1_000, { status: "succeeded" });
    expect(await bookingRefunded(s.booking.id)).toBe(3_500);
    // A gateway reversal after success (succeeded → failed) returns both counters.
    await setRefundStatus(r.id, "failed");
    expect(await bookingRefunded(s.booking.id)).toBe(1_000);
    expect((await paymentRefunded(s.payment.id)).refunded).toBe(1_000);
  });

  it("raising a refund's amount past what was paid is refused", async () => {
    const s = await seed({ amount: 10_000 });
    const r = await insertRefund(s, 5_000);
    await db.update(refunds).set({ amountMinor: 10_000 }).where(eq(refunds.id, r.id));
    expect((await paymentRefunded(s.payment.id)).refunded).toBe(10_000);
    await expectRefused(
      db.update(refunds).set({ amountMinor: 10_001 }).where(eq(refunds.id, r.id)),
      CHECK, "payments_refunded_within_paid",
    );
  });

  it("the booking's succeeded refunds never exceed what the booking records as paid", async () => {
    // A payment larger than the booking's paid_minor (inconsistent on purpose): the booking's own CHECK holds.
    const s = await seed({ amount: 10_000, bookingPaid: 4_000 });
    await insertRefund(s, 4_000, { status: "succeeded" });
    await expectRefused(insertRefund(s, 1, { status: "succeeded" }), CHECK, "bookings_refunded_within_paid");
    expect(await bookingRefunded(s.booking.id)).toBe(4_000);
    expect((await paymentRefunded(s.payment.id)).refunded).toBe(4_000);
  });

  it("deleting a refund returns what it held", async () => {
    const s = await seed({ amount: 10_000 });
    const r = await insertRefund(s, 3_000, { status: "succeeded" });
    await db.delete(refunds).where(eq(refunds.id, r.id));
    expect((await paymentRefunded(s.payment.id)).refunded).toBe(0);
    expect(await bookingRefunded(s.booking.id)).toBe(0);
  });
});

describe("refunds go back in the charge's currency, to the same booking", () => {
  it("refuses a refund in another currency than its payment", async () => {
    const s = await seed({ amount: 10_000, currency: "USD" });
    await expectRefused(insertRefund(s, 1_000, { currency: "EUR" }), CHECK, "refunds_match_payment");
    const r = await insertRefund(s, 1_000);
    await expectRefused(
      db.update(refunds).set({ currency: "EUR" }).where(eq(refunds.id, r.id)),
      CHECK, "refunds_match_payment",
    );
    expect((await paymentRefunded(s.payment.id)).refunded).toBe(1_000);
  });

  it("refuses a refund of one booking against another booking's payment", async () => {
    const a = await seed(), b = await seed();
    await expectRefused(
      db.insert(refunds).values(refundRow(a, 1_000, { paymentTransactionId: b.payment.id })),
      CHECK, "refunds_match_payment",
    );
    expect((await paymentRefunded(b.payment.id)).refunded).toBe(0);
  });

  it("accepts a zero-decimal and a three-decimal currency in their own minor units", async () => {
    const jpy = await seed({ amount: 5_000, currency: "JPY" });
    await insertRefund(jpy, 5_000);
    const kwd = await seed({ amount: 1_250, currency: "KWD" });
    await insertRefund(kwd, 1_250, { status: "succeeded" });
    expect(await bookingRefunded(kwd.booking.id)).toBe(1_250);
  });
});

// ---------- amounts ≥ 0 ----------

describe("no negative money", () => {
  it("refuses a negative booking total (and negative paid)", async () => {
    await expectRefused(db.insert(bookings).values(bookingRow({ totalMinor: -1 })), CHECK, "bookings_total_nonnegative");
    await expectRefused(db.insert(bookings).values(bookingRow({ paidMinor: -1 })), CHECK, "bookings_paid_nonnegative");
    await db.insert(bookings).values(bookingRow({ totalMinor: 0, paidMinor: 0 }));
  });

  it("refuses a negative payment amount", async () => {
    const s = await seed();
    await expectRefused(
      db.insert(paymentTransactions).values({ bookingId: s.booking.id, kind: "fee_charge", status: "succeeded", amountMinor: -1, currency: "USD" }),
      CHECK, "payments_amount_nonnegative",
    );
  });

  it("refuses a refund of zero or less", async () => {
    const s = await seed();
    await expectRefused(insertRefund(s, 0), CHECK, "refunds_amount_positive");
    await expectRefused(insertRefund(s, -500), CHECK, "refunds_amount_positive");
    expect((await paymentRefunded(s.payment.id)).refunded).toBe(0);
  });

  it("refuses a negative item price", async () => {
    const s = await seed();
    await expectRefused(
      db.insert(bookingItems).values({
        bookingId: s.booking.id, category: "hotel", providerCode: OTHER_PROVIDER, providerBookingId: `PB-${uniq()}`,
        itemDetails: {}, priceMinor: -1, priceCurrency: "USD", chargeShareMinor: 0,
      }),
      CHECK, "items_price_nonnegative",
    );
    await expectRefused(
      db.update(bookingItems).set({ priceMinor: -100 }).where(eq(bookingItems.id, s.item.id)),
      CHECK, "items_price_nonnegative",
    );
  });
});

// ---------- idempotency keys ----------

describe("unique keys", () => {
  const webhook = (providerCode: string, webhookId: string) => ({
    providerCode, webhookId, eventType: "booking.schedule_changed", payload: { id: webhookId },
  });

  it("stores a provider's webhook once, while another provider may reuse the id", async () => {
    const id = `wh_${uniq()}`;
    await db.insert(providerWebhooks).values(webhook(PROVIDER, id));
    await expectRefused(db.insert(providerWebhooks).values(webhook(PROVIDER, id)), UNIQUE, "provider_webhooks_provider_webhook_id");
    await db.insert(providerWebhooks).values(webhook(OTHER_PROVIDER, id));
    // The idempotent ingest path: ON CONFLICT DO NOTHING stores nothing new.
    const again = await db.insert(providerWebhooks).values(webhook(PROVIDER, id)).onConflictDoNothing().returning();
    expect(again).toEqual([]);
    const rows = await db.select().from(providerWebhooks).where(eq(providerWebhooks.webhookId, id));
    expect(rows.map((r) => r.providerCode).sort()).toEqual([PROVIDER, OTHER_PROVIDER].sort());
  });

  const openStatuses: CancellationStatus[] = ["pending", "calculating", "awaiting_confirmation", "processing", "partial"];
  const closedStatuses: CancellationStatus[] = ["completed", "rejected", "failed", "expired"];
  const cancellation = (bookingId: string, status: CancellationStatus) =>
    ({ bookingId, requestedBy: "user" as const, cancellationType: "full", status });

  it("refuses a second open cancellation request, and accepts a new one once the first is completed", async () => {
    const s = await seed();
    const [first] = await db.insert(cancellationRequests).values(cancellation(s.booking.id, "pending")).returning();
    await expectRefused(
      db.insert(cancellationRequests).values(cancellation(s.booking.id, "pending")),
      UNIQUE, "cancellations_one_open_per_booking",
    );
    await db.update(cancellationRequests).set({ status: "completed" }).where(eq(cancellationRequests.id, first.id));
    await db.insert(cancellationRequests).values(cancellation(s.booking.id, "pending"));
    // Another booking is independent.
    const other = await seed();
    await db.insert(cancellationRequests).values(cancellation(other.booking.id, "pending"));
  });

  it.each(openStatuses.flatMap((a) => openStatuses.map((b) => ({ a, b }))))(
    "an open $a request blocks an open $b one", async ({ a, b }) => {
      const s = await seed();
      await db.insert(cancellationRequests).values(cancellation(s.booking.id, a));
      await expectRefused(
        db.insert(cancellationRequests).values(cancellation(s.booking.id, b)),
        UNIQUE, "cancellations_one_open_per_booking",
      );
    },
  );

  it("closed requests never block: any number of them beside one open request", async () => {
    const s = await seed();
    for (const st of closedStatuses) {
      await db.insert(cancellationRequests).values(cancellation(s.booking.id, st));
      await db.insert(cancellationRequests).values(cancellation(s.booking.id, st));
    }
    const [open] = await db.insert(cancellationRequests).values(cancellation(s.booking.id, "awaiting_confirmation")).returning();
    // Re-opening a closed one while another is open is refused too.
    const [closed] = await db.insert(cancellationRequests).values(cancellation(s.booking.id, "expired")).returning();
    await expectRefused(
      db.update(cancellationRequests).set({ status: "pending" }).where(eq(cancellationRequests.id, closed.id)),
      UNIQUE, "cancellations_one_open_per_booking",
    );
    expect(open.status).toBe("awaiting_confirmation");
  });

  it("refuses a duplicate booking reference", async () => {
    const ref = `DUP${uniq()}`.toUpperCase();
    await db.insert(bookings).values(bookingRow({ bookingReference: ref }));
    await expectRefused(db.insert(bookings).values(bookingRow({ bookingReference: ref })), UNIQUE, "bookings_reference_unique");
  });

  it("refuses a duplicate Stripe payment intent and charge", async () => {
    const a = await seed(), b = await seed();
    const pi = `pi_${uniq()}`, ch = `ch_${uniq()}`;
    await db.update(paymentTransactions).set({ stripePaymentIntentId: pi, stripeChargeId: ch }).where(eq(paymentTransactions.id, a.payment.id));
    await expectRefused(
      db.update(paymentTransactions).set({ stripePaymentIntentId: pi }).where(eq(paymentTransactions.id, b.payment.id)),
      UNIQUE, "payments_stripe_payment_intent",
    );
    await expectRefused(
      db.insert(paymentTransactions).values({ bookingId: b.booking.id, kind: "fee_charge", status: "succeeded", amountMinor: 100, currency: "USD", stripeChargeId: ch }),
      UNIQUE, "payments_stripe_charge",
    );
    // Payments without Stripe ids (the local gateway) are many: NULLs never collide.
    await db.insert(paymentTransactions).values({ bookingId: b.booking.id, kind: "fee_charge", status: "succeeded", amountMinor: 100, currency: "USD" });
  });

  it("refuses a duplicate Stripe refund id, refund reference and idempotency key", async () => {
    const s = await seed({ amount: 10_000 });
    const re = `re_${uniq()}`;
    const r = await insertRefund(s, 1_000, { stripeRefundId: re });
    await expectRefused(insertRefund(s, 1_000, { stripeRefundId: re }), UNIQUE, "refunds_stripe_refund");
    await expectRefused(insertRefund(s, 1_000, { refundReference: r.refundReference }), UNIQUE, "refunds_reference_unique");
    await expectRefused(insertRefund(s, 1_000, { idempotencyKey: r.idempotencyKey }), UNIQUE, "refunds_idempotency_key");
    // None of the refused ones reserved anything.
    expect((await paymentRefunded(s.payment.id)).refunded).toBe(1_000);
  });

  it("refuses a duplicate Stripe dispute id", async () => {
    const s = await seed();
    const dp = `dp_${uniq()}`;
    const dispute = { bookingId: s.booking.id, paymentTransactionId: s.payment.id, stripeDisputeId: dp, amountMinor: 10_000, currency: "USD", status: "needs_response" as const };
    await db.insert(disputes).values(dispute);
    await expectRefused(db.insert(disputes).values(dispute), UNIQUE, "disputes_stripe_dispute");
  });
});

// ---------- concurrency ----------

describe("concurrent refunds", () => {
  it("20 concurrent refunds of 30% each: exactly 3 succeed and the payment is never over-refunded", async () => {
    const s = await seed({ amount: 10_000 });
    // Every refund succeeds at once, so both the payment's and the booking's counters are raced.
    const attempts = Array.from({ length: 20 }, () => db.transaction(async (tx) => {
      await tx.insert(refunds).values(refundRow(s, 3_000, { status: "succeeded", idempotencyKey: `refund:${randomUUID()}` }));
      // Hold the transaction open a moment so the others pile up behind its row lock.
      await tx.execute("select pg_sleep(0.02)");
    }));
    const results = await Promise.allSettled(attempts);
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(ok.length).toBeLessThanOrEqual(3);
    expect(ok.length).toBe(3); // serialised by the payment row lock: the first three fit
    for (const r of refused) {
      const pg = pgError(r.reason);
      expect({ code: pg?.code, constraint: pg?.constraint_name }).toEqual({ code: CHECK, constraint: "payments_refunded_within_paid" });
    }
    const p = await paymentRefunded(s.payment.id);
    expect(p.refunded).toBeLessThanOrEqual(p.amount);
    expect(p.refunded).toBe(9_000);
    expect(await bookingRefunded(s.booking.id)).toBe(9_000);
    const rows = await db.select().from(refunds).where(eq(refunds.paymentTransactionId, s.payment.id));
    expect(rows).toHaveLength(3);
    expect(rows.reduce((a, r) => a + r.amountMinor, 0)).toBe(9_000);
  });

  it("concurrent pending refunds and a failure racing them never over-reserve", async () => {
    const s = await seed({ amount: 10_000 });
    const held = await insertRefund(s, 4_000);
    const release = db.transaction(async (tx) => {
      await tx.update(refunds).set({ status: "failed" }).where(eq(refunds.id, held.id));
      await tx.execute("select pg_sleep(0.02)");
    });
    const attempts = Array.from({ length: 10 }, () => db.transaction(async (tx) => {
      await tx.insert(refunds).values(refundRow(s, 2_500));
      await tx.execute("select pg_sleep(0.01)");
    }));
    await Promise.allSettled([release, ...attempts]);
    const p = await paymentRefunded(s.payment.id);
    const rows = await db.select().from(refunds).where(eq(refunds.paymentTransactionId, s.payment.id));
    const reserved = rows.filter((r) => ["pending", "processing", "succeeded"].includes(r.status)).reduce((a, r) => a + r.amountMinor, 0);
    // The trigger's counter agrees with the rows, and stays within the payment.
    expect(p.refunded).toBe(reserved);
    expect(p.refunded).toBeLessThanOrEqual(p.amount);
  });
});

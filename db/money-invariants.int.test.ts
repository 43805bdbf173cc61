import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { bookingItems, bookings, paymentTransactions, refunds } from "@/db/schema";
import { createTestDb } from "@/tests/db";
import { CHECK, expectRefused, invariantFixtures, OTHER_PROVIDER, pgError, uniq } from "@/tests/fixtures/db-invariants";

// Money invariants held by the database itself: refunded ≤ paid, currencies, no negative amounts.
const db = await createTestDb();
const { bookingRow, seed, refundRow, insertRefund, setRefundStatus, paymentRefunded, bookingRefunded } =
  invariantFixtures(db);

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
      CHECK,
      "payments_refunded_within_paid",
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
      CHECK,
      "refunds_match_payment",
    );
    expect((await paymentRefunded(s.payment.id)).refunded).toBe(1_000);
  });

  it("refuses a refund of one booking against another booking's payment", async () => {
    const a = await seed(),
      b = await seed();
    await expectRefused(
      db.insert(refunds).values(refundRow(a, 1_000, { paymentTransactionId: b.payment.id })),
      CHECK,
      "refunds_match_payment",
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
    await expectRefused(
      db.insert(bookings).values(bookingRow({ totalMinor: -1 })),
      CHECK,
      "bookings_total_nonnegative",
    );
    await expectRefused(db.insert(bookings).values(bookingRow({ paidMinor: -1 })), CHECK, "bookings_paid_nonnegative");
    await db.insert(bookings).values(bookingRow({ totalMinor: 0, paidMinor: 0 }));
  });

  it("refuses a negative payment amount", async () => {
    const s = await seed();
    await expectRefused(
      db
        .insert(paymentTransactions)
        .values({ bookingId: s.booking.id, kind: "fee_charge", status: "succeeded", amountMinor: -1, currency: "USD" }),
      CHECK,
      "payments_amount_nonnegative",
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
        bookingId: s.booking.id,
        category: "hotel",
        providerCode: OTHER_PROVIDER,
        providerBookingId: `PB-${uniq()}`,
        itemDetails: {},
        priceMinor: -1,
        priceCurrency: "USD",
        chargeShareMinor: 0,
      }),
      CHECK,
      "items_price_nonnegative",
    );
    await expectRefused(
      db.update(bookingItems).set({ priceMinor: -100 }).where(eq(bookingItems.id, s.item.id)),
      CHECK,
      "items_price_nonnegative",
    );
  });
});

// ---------- idempotency keys ----------

describe("concurrent refunds", () => {
  it("20 concurrent refunds of 30% each: exactly 3 succeed and the payment is never over-refunded", async () => {
    const s = await seed({ amount: 10_000 });
    // Every refund succeeds at once, so both the payment's and the booking's counters are raced.
    const attempts = Array.from({ length: 20 }, () =>
      db.transaction(async (tx) => {
        await tx
          .insert(refunds)
          .values(refundRow(s, 3_000, { status: "succeeded", idempotencyKey: `refund:${randomUUID()}` }));
        // Hold the transaction open a moment so the others pile up behind its row lock.
        await tx.execute("select pg_sleep(0.02)");
      }),
    );
    const results = await Promise.allSettled(attempts);
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(ok.length).toBe(3); // serialised by the payment row lock: the first three fit
    for (const r of refused) {
      const pg = pgError(r.reason);
      expect({ code: pg?.code, constraint: pg?.constraint_name }).toEqual({
        code: CHECK,
        constraint: "payments_refunded_within_paid",
      });
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
    const attempts = Array.from({ length: 10 }, () =>
      db.transaction(async (tx) => {
        await tx.insert(refunds).values(refundRow(s, 2_500));
        await tx.execute("select pg_sleep(0.01)");
      }),
    );
    await Promise.allSettled([release, ...attempts]);
    const p = await paymentRefunded(s.payment.id);
    const rows = await db.select().from(refunds).where(eq(refunds.paymentTransactionId, s.payment.id));
    const reserved = rows
      .filter((r) => ["pending", "processing", "succeeded"].includes(r.status))
      .reduce((a, r) => a + r.amountMinor, 0);
    // The trigger's counter agrees with the rows, and stays within the payment.
    expect(p.refunded).toBe(reserved);
    expect(p.refunded).toBeLessThanOrEqual(p.amount);
  });
});

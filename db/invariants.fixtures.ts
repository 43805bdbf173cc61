import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, expect } from "vitest";
import type { Db } from "@/db/client";
import { bookingItems, bookings, paymentTransactions, providers, refunds } from "@/db/schema";
import type { RefundStatus } from "@/server/domain/statuses";

// Support for the database invariant tests (DESIGN.md, Data: "Invariants live in the database
// too"): they talk to PostgreSQL directly, no service in between, so each invariant is shown to
// hold whatever code writes the rows.

type PgErrorLike = { code?: string; constraint_name?: string; message?: string };

/** The PostgreSQL error behind a Drizzle error (DrizzleQueryError keeps it in `.cause`). */
export function pgError(e: unknown): PgErrorLike | undefined {
  let cur: unknown = e;
  for (let depth = 0; cur && depth < 5; depth++) {
    const c = cur as PgErrorLike & { cause?: unknown };
    if (typeof c.code === "string" && /^[0-9A-Z]{5}$/.test(c.code)) return c;
    cur = c.cause;
  }
  return undefined;
}

export const CHECK = "23514",
  UNIQUE = "23505";

export async function expectRefused(p: Promise<unknown>, code: string, constraint: string) {
  let err: unknown;
  try {
    await p;
  } catch (e) {
    err = e;
  }
  expect(err, `expected ${constraint} to refuse the write`).toBeDefined();
  const pg = pgError(err);
  expect(pg, String(err)).toBeDefined();
  expect({ code: pg!.code, constraint: pg!.constraint_name }).toEqual({ code, constraint });
}

export const uniq = () => randomBytes(6).toString("hex");
export const PROVIDER = "inv_air",
  OTHER_PROVIDER = "inv_hotel";

/** Rows and readers on one test database; registers the two providers the rows refer to. */
export function invariantFixtures(db: Db) {
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
    const [booking] = await db
      .insert(bookings)
      .values(bookingRow({ totalMinor: amount, paidMinor: opts.bookingPaid ?? amount, currency }))
      .returning();
    const [item] = await db
      .insert(bookingItems)
      .values({
        bookingId: booking.id,
        category: "flight",
        providerCode: PROVIDER,
        providerBookingId: `PB-${uniq()}`,
        itemDetails: { flight: "IA 100" },
        priceMinor: amount,
        priceCurrency: currency,
        chargeShareMinor: amount,
      })
      .returning();
    const [payment] = await db
      .insert(paymentTransactions)
      .values({
        bookingId: booking.id,
        kind: "charge",
        status: "succeeded",
        amountMinor: amount,
        currency,
      })
      .returning();
    return { booking, item, payment };
  }

  type Seeded = Awaited<ReturnType<typeof seed>>;

  function refundRow(
    s: Seeded,
    amountMinor: number,
    o: Partial<typeof refunds.$inferInsert> = {},
  ): typeof refunds.$inferInsert {
    const ref = uniq();
    return {
      bookingId: s.booking.id,
      paymentTransactionId: s.payment.id,
      refundReference: `RF-${ref}`,
      idempotencyKey: `refund:${ref}`,
      amountMinor,
      currency: s.payment.currency,
      status: "pending",
      ...o,
    };
  }

  async function insertRefund(s: Seeded, amountMinor: number, o: Partial<typeof refunds.$inferInsert> = {}) {
    const [r] = await db
      .insert(refunds)
      .values(refundRow(s, amountMinor, o))
      .returning();
    return r;
  }

  async function setRefundStatus(id: string, status: RefundStatus) {
    await db.update(refunds).set({ status }).where(eq(refunds.id, id));
  }

  async function paymentRefunded(id: string) {
    const [p] = await db
      .select({ refunded: paymentTransactions.refundedMinor, amount: paymentTransactions.amountMinor })
      .from(paymentTransactions)
      .where(eq(paymentTransactions.id, id));
    return p;
  }

  async function bookingRefunded(id: string) {
    const [b] = await db.select({ refunded: bookings.refundedMinor }).from(bookings).where(eq(bookings.id, id));
    return b.refunded;
  }

  // ---------- refunded ≤ paid ----------

  return { bookingRow, seed, refundRow, insertRefund, setRefundStatus, paymentRefunded, bookingRefunded };
}

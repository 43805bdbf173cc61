import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { bookings, creditBalances, creditEntries, paymentTransactions } from "@/db/schema";
import { processModification } from "@/server/services/modifications/process-modification";
import { createTestDb } from "@/tests/db";
import { giveCredit } from "@/tests/fixtures/credits";
import { insertModBooking, type ModBooking } from "@/tests/fixtures/modifications";
import { callerAs, sessions } from "@/tests/sessions";

// A change fee paid with travel credit instead of the saved card, on the real PostgreSQL.
const db = await createTestDb();
const api = (b: ModBooking) => callerAs(db, b.session).portal.modifications;
const year = new Date(Date.now() + 365 * 86_400_000);
const nameChange = (b: ModBooking) =>
  api(b).nameChange({ reference: b.reference, travelerIndex: 0, firstName: "Ana", lastName: "Sylva" });
const balance = async (userId: string) =>
  (
    await db
      .select()
      .from(creditBalances)
      .where(and(eq(creditBalances.userId, userId), eq(creditBalances.currency, "EUR")))
  )[0];

describe("a change fee paid with travel credit", () => {
  it("spends the credit, records a credit fee payment, submits the change, and nothing reaches the card", async () => {
    const b = await insertModBooking(db);
    await giveCredit(db, b.userId, 5_000, "EUR", year);
    const q = await nameChange(b);
    expect(q).toMatchObject({ totalCostMinor: 1200, currency: "EUR" });
    expect(await api(b).confirm({ modificationId: q.id, payWith: "credit" })).toMatchObject({ status: "submitted" });

    const fees = await db
      .select()
      .from(paymentTransactions)
      .where(and(eq(paymentTransactions.bookingId, b.bookingId), eq(paymentTransactions.kind, "fee_charge")));
    expect(fees).toEqual([
      expect.objectContaining({ method: "credit", gateway: "ledger", amountMinor: 1200, stripePaymentIntentId: null }),
    ]);
    const spent = await db.select().from(creditEntries).where(eq(creditEntries.paymentTransactionId, fees[0].id));
    expect(spent.map((e) => [e.kind, e.amountMinor])).toEqual([["spend", 1200]]);
    expect(await balance(b.userId)).toMatchObject({ balanceMinor: 3_800 });
    expect((await db.select().from(bookings).where(eq(bookings.id, b.bookingId)))[0].paidMinor).toBe(61_200);
    expect(await processModification(db, q.id)).toEqual({ action: "confirmed" });
  });

  it("refuses when the credit does not cover the fee, naming payWith, and changes nothing", async () => {
    const b = await insertModBooking(db);
    await giveCredit(db, b.userId, 1_000, "EUR", year);
    const q = await nameChange(b);
    await expect(api(b).confirm({ modificationId: q.id, payWith: "credit" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const fees = await db
      .select()
      .from(paymentTransactions)
      .where(and(eq(paymentTransactions.bookingId, b.bookingId), eq(paymentTransactions.kind, "fee_charge")));
    expect(fees).toEqual([]);
    expect(await balance(b.userId)).toMatchObject({ balanceMinor: 1_000 });
    expect((await api(b).list({ reference: b.reference }))[0]).toMatchObject({ status: "pending" });
  });

  it("is refused to a guest by the service", async () => {
    const b = await insertModBooking(db);
    await giveCredit(db, b.userId, 5_000, "EUR", year);
    const q = await nameChange(b);
    const guest = callerAs(db, sessions.guest(b.bookingId)).portal.modifications;
    await expect(guest.confirm({ modificationId: q.id, payWith: "credit" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await balance(b.userId)).toMatchObject({ balanceMinor: 5_000 });
  });
});

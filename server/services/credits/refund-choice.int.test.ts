import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { cancellationRequests, creditEntries, creditRefundChoices, refunds } from "@/db/schema";
import { opsActor } from "@/server/domain/actor";
import { creditBonus } from "@/server/domain/credits/ledger";
import type { Viewer } from "@/server/domain/viewer";
import { confirmCancellation } from "@/server/services/cancellations/confirm-cancellation";
import { requestCancellation } from "@/server/services/cancellations/request-cancellation";
import { oweRefund } from "@/server/services/refunds/owe-refund";
import { payOutRefund } from "@/server/services/refunds/pay-out-refund";
import { createTestDb } from "@/tests/db";
import { cancellable, gatewayRefundsOf, rowsOf, seedQuietDemo } from "@/tests/faults/fixtures";
import { callerAs, sessions } from "@/tests/sessions";
import { GuestCannotTakeCredit } from "./refund-choice";
import { getCreditSettings, setRefundBonus } from "./settings";

// Credit instead of a card refund, on the real PostgreSQL: the founder's bonus, the owner's choice
// at confirmation, the card leg paid to the ledger, and a guest refused by the service itself.
const db = await createTestDb();
await seedQuietDemo(db, 40);

/** Cancellable bookings owned by an account, with the owner as a signed-in viewer. */
async function ownedBookings() {
  const ids = (await cancellable(db)).map((c) => c.id);
  return rowsOf<{ id: string; reference: string; user_id: string; email: string }>(
    db,
    sql`select b.id, b.booking_reference as reference, b.user_id, u.email from bookings b join users u on u.id = b.user_id
      where b.id in (${sql.join(
        ids.map((id) => sql`${id}`),
        sql`, `,
      )}) order by b.id`,
  );
}
const traveler = (b: { user_id: string; email: string }): Viewer => ({
  kind: "traveler",
  userId: b.user_id,
  email: b.email,
});
/** What process-cancellation does once the providers cancelled: owe the quoted refund (the one writer). */
async function oweQuoted(cancellationId: string) {
  const [c] = await db.select().from(cancellationRequests).where(eq(cancellationRequests.id, cancellationId));
  const calc = c.refundCalculation as { refundMinor: number; currency: string };
  return db.transaction((tx) =>
    oweRefund(tx, {
      bookingId: c.bookingId,
      amountMinor: calc.refundMinor,
      currency: calc.currency,
      key: `cancellation:${c.id}`,
      reference: `RF-T-${c.id.slice(0, 8)}`,
      reason: "cancelled by the traveler",
      requestedBy: "traveler",
      cancellationRequestId: c.id,
      event: { name: "refund/requested", data: { cancellationId: c.id } },
    }),
  );
}

describe("travel credit instead of a card refund", () => {
  it("is the founder's bonus, validated, 10% until set", async () => {
    expect((await getCreditSettings(db)).refundBonusBps).toBe(1000);
    await expect(
      setRefundBonus(db, { refundBonusBps: 10_001, by: opsActor("founder@example.com") }),
    ).rejects.toMatchObject({
      code: "invalid",
      details: { field: "refundBonusBps" },
    });
    expect(await setRefundBonus(db, { refundBonusBps: 1250, by: opsActor("founder@example.com") })).toMatchObject({
      refundBonusBps: 1250,
      updatedBy: "founder@example.com",
    });
    expect(creditBonus(10_001, 1250)).toBe(1250); // 1250.125 rounded once, half up
    expect(creditBonus(3, 5000)).toBe(2); // 1.5 → 2
  });

  it("pays the owner's card refund to their credit with the bonus, and nothing to the card", async () => {
    const [b] = await ownedBookings();
    const viewer = traveler(b);
    const quote = await requestCancellation(db, { viewer }, { reference: b.reference, reason: "Plans changed" });
    const answer = await confirmCancellation(db, { viewer }, { cancellationId: quote.id, refundAs: "credit" });
    expect(answer).toMatchObject({ status: "processing", creditChoice: { taken: true, bonusBps: 1250 } });
    const [choice] = await db
      .select()
      .from(creditRefundChoices)
      .where(eq(creditRefundChoices.cancellationRequestId, quote.id));
    expect(choice).toMatchObject({ userId: b.user_id, bonusBps: 1250 });

    const legs = await oweQuoted(quote.id);
    expect(legs.length).toBeGreaterThan(0);
    for (const l of legs) expect(await payOutRefund(db, l.id)).toMatchObject({ status: "succeeded" });
    const refunded = legs.reduce((s, l) => s + l.amountMinor, 0);
    expect(refunded).toBe(quote.refundCalculation!.refundMinor);

    const entries = await rowsOf<{ kind: string; total: number }>(
      db,
      sql`select kind, sum(amount_minor)::int as total from credit_entries where user_id = ${b.user_id} group by kind order by kind`,
    );
    expect(entries).toEqual([
      { kind: "bonus", total: legs.reduce((s, l) => s + creditBonus(l.amountMinor, 1250), 0) },
      { kind: "refund_as_credit", total: refunded },
    ]);
    expect(await gatewayRefundsOf(db, b.id)).toEqual([]);
    const rows = await db.select().from(refunds).where(eq(refunds.bookingId, b.id));
    expect(rows.every((r) => r.status === "succeeded" && r.stripeRefundId?.startsWith("ledger:"))).toBe(true);
  });

  it("is refused to a guest by the service, with a typed error, and nothing is confirmed", async () => {
    const [, b] = await ownedBookings();
    const guest: Viewer = { kind: "guest", bookingId: b.id };
    const quote = await requestCancellation(db, { viewer: guest }, { bookingId: b.id });
    await expect(
      confirmCancellation(db, { viewer: guest }, { cancellationId: quote.id, refundAs: "credit" }),
    ).rejects.toBeInstanceOf(GuestCannotTakeCredit);
    // Through the portal's API as well, whatever a page shows.
    await expect(
      callerAs(db, sessions.guest(b.id)).portal.cancellations.confirm({ cancellationId: quote.id, refundAs: "credit" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    const [c] = await db.select().from(cancellationRequests).where(eq(cancellationRequests.id, quote.id));
    expect(c.status).toBe("awaiting_confirmation");
    expect(
      await db.select().from(creditRefundChoices).where(eq(creditRefundChoices.cancellationRequestId, quote.id)),
    ).toEqual([]);
  });

  it("never holds up a refund already past its legal due date: the card refund goes ahead", async () => {
    const [, , b] = await ownedBookings();
    const viewer = traveler(b);
    const [p] = await rowsOf<{ id: string; currency: string }>(
      db,
      sql`select id, currency from payment_transactions where booking_id = ${b.id} and kind = 'charge' limit 1`,
    );
    await db.insert(refunds).values({
      bookingId: b.id,
      paymentTransactionId: p.id,
      refundReference: `RF-LATE-${b.id.slice(0, 8)}`,
      idempotencyKey: `late:${b.id}`,
      amountMinor: 100,
      currency: p.currency,
      status: "pending",
      reason: "goodwill",
      dueBy: new Date(Date.now() - 3_600_000),
    });
    const quote = await requestCancellation(db, { viewer }, { reference: b.reference });
    const answer = await confirmCancellation(db, { viewer }, { cancellationId: quote.id, refundAs: "credit" });
    expect(answer).toMatchObject({ status: "processing", creditChoice: { taken: false } });
    expect(
      await db.select().from(creditRefundChoices).where(eq(creditRefundChoices.cancellationRequestId, quote.id)),
    ).toEqual([]);
    expect(await db.select().from(creditEntries).where(eq(creditEntries.userId, b.user_id))).toEqual([]);
  });
});

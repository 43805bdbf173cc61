import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/bookings/route";
import { provideDb } from "@/db/client";
import { creditBalances, creditEntries, creditHolds, paymentTransactions, refunds } from "@/db/schema";
import { opsActor } from "@/server/domain/actor";
import type { IntakeAnswer, IntakeError } from "@/server/domain/intake/answer";
import { createLocalCharge } from "@/server/payments";
import { createApiClient } from "@/server/services/api-clients/manage-clients";
import { issueApiKey } from "@/server/services/api-clients/manage-keys";
import { oweRefund } from "@/server/services/refunds/owe-refund";
import { runMoneyCheck } from "@/server/services/money-check/run-money-check";
import { payOutRefund } from "@/server/services/refunds/pay-out-refund";
import { createTestDb } from "@/tests/db";
import { giveCredit, travelerAccount } from "@/tests/fixtures/credits";
import { intakeBody, seedIntakeProviders } from "@/tests/fixtures/intake";
import { placeHold, releaseHold } from "./holds";

// Credit and promo tenders at the intake, on the real PostgreSQL: a hold captured in the booking's
// transaction, refusals that leave nothing behind, and a refund split card first, then credit back as credit.
const db = await createTestDb();
provideDb(db);
const founder = opsActor("founder@example.com");
let key = "";
let clientId = "";
const year = new Date(Date.now() + 365 * 86_400_000);

beforeAll(async () => {
  await seedIntakeProviders(db);
  const client = await createApiClient(db, { name: "checkout", actor: founder });
  clientId = client.id;
  key = (await issueApiKey(db, { clientId, name: "test", actor: founder })).key;
});

async function post(body: unknown) {
  const res = await POST(
    new Request("http://localhost/api/v1/bookings", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );
  return { status: res.status, json: (await res.json()) as IntakeAnswer & IntakeError };
}

/** A body paid by card, credit (the hold) and optionally promo, adding up to its total. */
async function mixedBody(holdId: string, creditMinor: number, promoMinor = 0) {
  const body = intakeBody();
  const cardMinor = body.totalMinor - creditMinor - promoMinor;
  const charge = await createLocalCharge(db, { amountMinor: cardMinor, currency: "EUR" });
  const card = { ...body.tenders[0], amountMinor: cardMinor, ...charge };
  const tenders: unknown[] = [card, { type: "credit", holdId, amountMinor: creditMinor, currency: "EUR" }];
  if (promoMinor) tenders.push({ type: "promo", code: "SPRING10", amountMinor: promoMinor, currency: "EUR" });
  return { ...body, tenders };
}
const balance = async (user: string) =>
  (
    await db
      .select()
      .from(creditBalances)
      .where(and(eq(creditBalances.userId, user), eq(creditBalances.currency, "EUR")))
  )[0];
const bookingsOf = async (sessionId: string) =>
  (
    await db.execute<{ n: number }>(
      sql`select count(*)::int as n from bookings where checkout_session_id = ${sessionId}`,
    )
  )[0].n;

describe("credit and promo tenders at the intake", () => {
  it("captures the hold in the booking's transaction: a booking paid by card, credit and promo", async () => {
    const user = await travelerAccount(db);
    await giveCredit(db, user, 30_000, "EUR", year);
    const { hold } = await placeHold(db, clientId, {
      account: user,
      amountMinor: 25_000,
      currency: "EUR",
      idempotencyKey: "t1",
    });
    const body = await mixedBody(hold.id, 20_000, 4_000);
    const res = await post(body);
    expect(res.status).toBe(201);

    const payments = await db
      .select({
        id: paymentTransactions.id,
        method: paymentTransactions.method,
        amount: paymentTransactions.amountMinor,
        gateway: paymentTransactions.gateway,
        intent: paymentTransactions.stripePaymentIntentId,
      })
      .from(paymentTransactions)
      .where(eq(paymentTransactions.bookingId, res.json.bookingId));
    expect(
      payments
        .map(({ method, amount, gateway, intent }) => ({ method, amount, gateway, intent: !!intent }))
        .sort((a, b) => a.method.localeCompare(b.method)),
    ).toEqual([
      { method: "card", amount: 130_000, gateway: "local", intent: true },
      { method: "credit", amount: 20_000, gateway: "ledger", intent: false },
      { method: "promo", amount: 4_000, gateway: "none", intent: false },
    ]);
    const [h] = await db.select().from(creditHolds).where(eq(creditHolds.id, hold.id));
    expect(h).toMatchObject({
      status: "captured",
      paymentTransactionId: payments.find((p) => p.method === "credit")!.id,
    });
    // 20,000 spent, the hold's other 5,000 given back.
    expect(await balance(user)).toMatchObject({ balanceMinor: 10_000, heldMinor: 0 });
  });

  it.each([
    ["released", async (id: string) => void (await releaseHold(db, clientId, id)), "tenders.1.holdId"],
    [
      "expired",
      async (id: string) =>
        void (await db
          .update(creditHolds)
          .set({ expiresAt: new Date(Date.now() - 1000) })
          .where(eq(creditHolds.id, id))),
      "tenders.1.holdId",
    ],
    ["too small", async () => {}, "tenders.1.amountMinor"],
  ])("refuses a %s hold with a 422 naming the tender, and stores nothing", async (what, spoil, field) => {
    const user = await travelerAccount(db);
    await giveCredit(db, user, 30_000, "EUR", year);
    const { hold } = await placeHold(db, clientId, {
      account: user,
      amountMinor: 10_000,
      currency: "EUR",
      idempotencyKey: `spoil-${what}`,
    });
    await spoil(hold.id);
    const body = await mixedBody(hold.id, field.endsWith("amountMinor") ? 10_001 : 10_000);
    const res = await post(body);
    expect(res.status).toBe(422);
    expect(res.json.issues?.map((i) => i.field)).toEqual([field]);
    expect(await bookingsOf(body.checkoutSessionId)).toBe(0);
    expect(
      await db
        .select()
        .from(creditEntries)
        .where(and(eq(creditEntries.userId, user), eq(creditEntries.kind, "capture"))),
    ).toEqual([]);
    expect((await balance(user)).balanceMinor).toBe(30_000);
  });

  it("refuses a hold of another API client as if it did not exist", async () => {
    const user = await travelerAccount(db);
    await giveCredit(db, user, 30_000, "EUR", year);
    const other = await createApiClient(db, { name: "other-checkout", actor: founder });
    const { hold } = await placeHold(db, other.id, {
      account: user,
      amountMinor: 10_000,
      currency: "EUR",
      idempotencyKey: "o",
    });
    const res = await post(await mixedBody(hold.id, 10_000));
    expect(res).toMatchObject({ status: 422, json: { issues: [{ field: "tenders.1.holdId" }] } });
  });
});

describe("a refund of a card + credit booking", () => {
  it("goes back card first, then the credit as credit on the account that paid it", async () => {
    const user = await travelerAccount(db);
    await giveCredit(db, user, 50_000, "EUR", year);
    const { hold } = await placeHold(db, clientId, {
      account: user,
      amountMinor: 50_000,
      currency: "EUR",
      idempotencyKey: "r1",
    });
    const res = await post(await mixedBody(hold.id, 50_000));
    expect(res.status).toBe(201);
    expect((await balance(user)).balanceMinor).toBe(0);

    // 104,000 paid by card, 50,000 by credit: a refund of 120,000 takes the whole card and 16,000 of credit.
    const legs = await db.transaction((tx) =>
      oweRefund(tx, {
        bookingId: res.json.bookingId,
        amountMinor: 120_000,
        currency: "EUR",
        key: `test-refund:${res.json.bookingId}`,
        reference: `RF-${res.json.reference}`,
        reason: "cancelled by the traveler",
        requestedBy: "traveler",
        event: { name: "refund/requested" },
      }),
    );
    expect(legs.map((l) => [l.method, l.amountMinor])).toEqual([
      ["card", 104_000],
      ["credit", 16_000],
    ]);
    const outcomes = [];
    for (const l of legs) outcomes.push((await payOutRefund(db, l.id)).status);
    expect(outcomes).toEqual(["succeeded", "succeeded"]);

    const credit = legs[1];
    const [r] = await db.select().from(refunds).where(eq(refunds.id, credit.id));
    expect(r).toMatchObject({ status: "succeeded" });
    expect(r.stripeRefundId).toMatch(/^ledger:/);
    const back = await db.select().from(creditEntries).where(eq(creditEntries.refundId, credit.id));
    expect(back.map((e) => [e.kind, e.amountMinor, e.userId])).toEqual([["refund_as_credit", 16_000, user]]);
    expect(await balance(user)).toMatchObject({ balanceMinor: 16_000, heldMinor: 0 });
    // Paying it out again changes nothing: no second grant.
    expect((await payOutRefund(db, credit.id)).status).toBe("skipped");
    expect(await db.select().from(creditEntries).where(eq(creditEntries.refundId, credit.id))).toHaveLength(1);
    const events = await db.execute<{ name: string }>(
      sql`select name from outbox where data->>'refundId' = ${credit.id} order by id`,
    );
    expect(events.map((e) => e.name)).toContain("refund/succeeded");

    // The daily money check's credit lines agree with the ledger, and name the row once either side is changed.
    const creditRows = async () =>
      (await runMoneyCheck(db, { triggeredBy: "test", now: new Date(Date.now() + 86_400_000) })).differences.filter(
        (d) => d.line.startsWith("credit_"),
      );
    expect(await creditRows()).toEqual([]);
    await db.execute(sql`update refunds set amount_minor = amount_minor - 1 where id = ${credit.id}`);
    await db.execute(sql`update credit_balances set balance_minor = balance_minor + 5 where user_id = ${user}`);
    expect((await creditRows()).map((d) => [d.line, d.problem, d.oursMinor, d.gatewayMinor])).toEqual([
      ["credit_movements", "amount_differs", 15_999, 16_000],
      ["credit_balances", "amount_differs", 16_005, 16_000],
    ]);
  });
});

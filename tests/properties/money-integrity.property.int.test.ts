// Issue 23, "Done when": over random mixes of tenders (card, promo, travel credit), partial and
// manual refunds (with and without a dispute override), cancellations, disputes won and lost,
// duplicated and raced calls and injected gateway faults, the gateway never pays out more cash
// than the card paid, promo value never comes back, credit comes back only as credit, and once
// what is pending is settled the daily money check is green. Corrupting one gateway refund record
// or one of our refund rows turns it red, naming that row. Each run gets its own database.
import fc from "fast-check";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { localGatewayRefunds, refunds } from "@/db/schema";
import { runMoneyCheck } from "@/server/services/money-check/run-money-check";
import { insertTenderBooking, seedMoneyWorld, withRunDb, type Tenders } from "./money-fixture";
import { moneyViolations, overridePaidThenLost } from "./money-invariants";
import { opArb, runOp, settle, type Op, type World } from "./money-ops";

// Everything a run writes is older than the check's cut-off (now − lag) and past its in-flight grace.
const check = (db: Db) => runMoneyCheck(db, { triggeredBy: "property", now: new Date(Date.now() + 3 * 3_600_000) });

const tendersArb: fc.Arbitrary<Tenders> = fc.record({
  cardMinor: fc.integer({ min: 20_000, max: 80_000 }),
  promoMinor: fc.oneof(fc.constant(0), fc.integer({ min: 1_000, max: 10_000 })),
  creditMinor: fc.oneof(fc.constant(0), fc.integer({ min: 1_000, max: 30_000 })),
});
const runArb = fc.record({
  tenders: fc.tuple(tendersArb, tendersArb),
  ops: fc.array(opArb, { minLength: 1, maxLength: 8 }),
});

/** Two bookings, the sequence, then settling; returns the world for the assertions. */
async function play(db: Db, tenders: [Tenders, Tenders], ops: Op[]): Promise<World> {
  const world = await seedMoneyWorld(db);
  const bookings = [];
  for (const t of tenders) bookings.push(await insertTenderBooking(db, world, t));
  const w: World = {
    bookings,
    totals: tenders.map((t) => t.cardMinor + t.promoMinor + t.creditMinor),
    disputes: new Map(),
    eventSeq: 0,
    refused: [],
    crashed: [],
  };
  for (const op of ops) await runOp(db, w, op);
  await settle(db);
  return w;
}

async function assertIntegrity(db: Db, w: World) {
  expect(w.crashed, "operations that failed with something else than a typed refusal").toEqual([]);
  const risked = await overridePaidThenLost(db);
  const ids = w.bookings.map((b) => b.bookingId);
  expect(
    await moneyViolations(
      db,
      ids,
      risked.map((r) => r.paymentId),
    ),
  ).toEqual([]);
  const run = await check(db);
  if (risked.length === 0) {
    expect({ status: run.status, differences: run.differences }).toEqual({ status: "green", differences: [] });
    return;
  }
  // Only the risked chargebacks differ, and a human was asked about each.
  const riskedBookings = risked.map((r) => r.bookingId);
  for (const d of run.differences) expect(d).toMatchObject({ line: "card_chargebacks", problem: "amount_differs" });
  expect(run.differences.every((d) => riskedBookings.includes(d.bookingId!))).toBe(true);
  const asked = await db.execute<{ booking_id: string }>(
    sql`select booking_id from alerts where source = 'dispute' and dedupe_key like 'chargeback_reconcile:%'`,
  );
  expect(riskedBookings.every((b) => asked.some((a) => a.booking_id === b))).toBe(true);
}

/**
 * Sequences replayed first on every run. The first is the accepted risk (an override refund paid
 * while the charge was disputed, then the dispute lost). The other two are the smallest the
 * property found for an open bug: a refund owed (pending, not yet tried by a payout) when its
 * charge is disputed is not cancelled when the dispute is lost, so the chargeback returns the
 * whole charge and the refund is paid out afterwards as well (disputes/held-refunds.ts cancels
 * only `held` refunds; see the report).
 */
const card = (cardMinor: number): Tenders => ({ cardMinor, promoMinor: 0, creditMinor: 0 });
const replay = (ops: Op[]): [{ tenders: [Tenders, Tenders]; ops: Op[] }] => [
  { tenders: [card(20_000), card(20_000)], ops },
];
const found = [
  replay([
    { k: "dispute", b: 0, dup: false },
    { k: "manual", b: 0, pct: 1, override: true, twice: false },
    { k: "payout", fault: null, twice: false },
    { k: "close", b: 0, outcome: "lost", dup: false },
  ]),
  ...[false, true].map((override) =>
    replay([
      { k: "manual", b: 0, pct: 1, override, twice: false },
      { k: "dispute", b: 0, dup: false },
      { k: "close", b: 0, outcome: "lost", dup: false },
      { k: "payout", fault: null, twice: false },
    ]),
  ),
];

/** CI runs 20; a longer local hunt: MONEY_PROP_RUNS=200. */
const RUNS = Number(process.env.MONEY_PROP_RUNS ?? 20);
/** Replays a printed failure: MONEY_PROP_SEED=<seed>. */
const SEED = process.env.MONEY_PROP_SEED ? { seed: Number(process.env.MONEY_PROP_SEED) } : {};
const corruptions = ["gateway_amount", "gateway_missing", "our_amount", "our_gateway_id"] as const;

describe("money integrity (property)", () => {
  it(
    "never pays out more cash than the card paid, never returns promo, credit only as credit; check green",
    async () => {
      await fc.assert(
        fc.asyncProperty(runArb, ({ tenders, ops }) =>
          withRunDb(async (db) => assertIntegrity(db, await play(db, tenders, ops))),
        ),
        {
          ...SEED,
          examples: found,
          numRuns: RUNS,
          interruptAfterTimeLimit: 240_000 * Math.max(1, RUNS / 20),
          markInterruptAsFailure: false,
        },
      );
    },
    300_000 * Math.max(1, RUNS / 20),
  );

  it("a corrupted gateway refund record or refund row turns the check red, naming that row", async () => {
    await fc.assert(
      fc.asyncProperty(runArb, fc.constantFrom(...corruptions), fc.nat(), ({ tenders, ops }, corruption, pick) =>
        withRunDb(async (db) => {
          // A goodwill refund on each booking at the end, so the gateway has almost always paid one.
          const goodwill = [0, 1].map((b): Op => ({ k: "manual", b, pct: 1, override: true, twice: false }));
          const w = await play(db, tenders, [...ops, ...goodwill]);
          await assertIntegrity(db, w);
          // Refunds the gateway paid, and legs paid to the credit ledger (only our row can be bent there).
          const paid = await db.execute<{ id: string; gateway_id: string }>(sql`
              select r.id, r.stripe_refund_id as gateway_id from refunds r
              where r.status = 'succeeded' and (r.stripe_refund_id like 're_%' or r.stripe_refund_id like 'ledger:%')
              order by r.created_at, r.id`);
          fc.pre(paid.length > 0);
          const target = paid[pick % paid.length];
          const ledger = target.gateway_id.startsWith("ledger:");
          const how = ledger ? "our_amount" : corruption;
          if (how === "gateway_amount")
            await db
              .update(localGatewayRefunds)
              .set({ amountMinor: sql`${localGatewayRefunds.amountMinor} - 1` })
              .where(eq(localGatewayRefunds.id, target.gateway_id));
          else if (how === "gateway_missing")
            await db.delete(localGatewayRefunds).where(eq(localGatewayRefunds.id, target.gateway_id));
          else if (how === "our_amount")
            await db
              .update(refunds)
              .set({ amountMinor: sql`${refunds.amountMinor} - 1` })
              .where(eq(refunds.id, target.id));
          else await db.update(refunds).set({ stripeRefundId: "re_local_forged" }).where(eq(refunds.id, target.id));
          const run = await check(db);
          expect(run.status).toBe("red");
          expect(run.alertId).not.toBeNull();
          const named = ledger
            ? { line: "credit_movements", ourId: target.id, problem: "amount_differs" }
            : how === "gateway_missing" || how === "our_gateway_id"
              ? { line: "card_refunds", ourId: target.id, problem: "no_gateway_record" }
              : { line: "card_refunds", ourId: target.id, gatewayId: target.gateway_id, problem: "amount_differs" };
          expect(run.differences).toContainEqual(expect.objectContaining(named));
        }),
      ),
      {
        ...SEED,
        numRuns: Math.ceil(RUNS / 2),
        interruptAfterTimeLimit: 150_000 * Math.max(1, RUNS / 20),
        markInterruptAsFailure: false,
      },
    );
  }, 200_000);
});

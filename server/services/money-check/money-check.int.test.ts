// Issue 23, item 5: the daily money check on a real PostgreSQL and the local gateway (the real
// implementation): green on consistent charges, refunds and a lost dispute; red, with a critical
// alert carrying the rows, when a gateway record is corrupted, a succeeded refund has no gateway
// record, or a refund row's amount is changed.
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { alerts, localGatewayRefunds, moneyChecks, refunds } from "@/db/schema";
import { opsActor } from "@/server/domain/actor";
import { paymentGateway } from "@/server/payments";
import { closeLocalDispute, createLocalDispute } from "@/server/payments/local-gateway";
import { handleDisputeEvent } from "@/server/services/disputes/handle-dispute-event";
import { issueManualRefund } from "@/server/services/refunds/issue-manual-refund";
import { payOutRefund } from "@/server/services/refunds/pay-out-refund";
import { createTestDb } from "@/tests/db";
import { gatewayEventsOf, insertDisputableBooking } from "@/tests/fixtures/disputes";
import { callerAs, sessions } from "@/tests/sessions";
import { registerMoneyCheckLine } from "./lines";
import { runMoneyCheck } from "./run-money-check";

const db = await createTestDb();
const ops = callerAs(db, sessions.ops());
// Everything below is older than the run's cut-off (now − lag) and past the in-flight grace.
const later = () => new Date(Date.now() + 3 * 3_600_000);
const check = () => runMoneyCheck(db, { triggeredBy: "test", now: later() });
const line = (run: Awaited<ReturnType<typeof check>>, key: string, currency: string) =>
  run.lines.find((l) => l.line === key && l.currency === currency);

// Charges in three currencies, a partial refund paid out by the gateway, and a lost dispute.
const eur = await insertDisputableBooking(db, { amountMinor: 80_000, currency: "EUR" });
const usd = await insertDisputableBooking(db, { amountMinor: 50_000, currency: "USD" });
await insertDisputableBooking(db, { amountMinor: 12_345, currency: "GBP" });
const manual = await issueManualRefund(db, {
  bookingId: eur.bookingId,
  amountMinor: 10_000,
  currency: "EUR",
  reason: "Goodwill",
  actor: opsActor("founder@example.com"),
});
expect(await payOutRefund(db, manual.id)).toMatchObject({ status: "succeeded" });
const gd = await createLocalDispute(db, { paymentIntentId: usd.paymentIntentId });
await handleDisputeEvent(db, (await gatewayEventsOf(db, gd.id))[0]);
await closeLocalDispute(db, gd.id, "lost");
await handleDisputeEvent(db, (await gatewayEventsOf(db, gd.id)).at(-1)!);
const [ourRefund] = await db.select().from(refunds).where(eq(refunds.id, manual.id));
const [chargeback] = await db.select().from(refunds).where(eq(refunds.reason, "chargeback"));

describe("money check", () => {
  it("is green on consistent data, with a line per ledger and currency recounted from rows", async () => {
    expect(chargeback).toMatchObject({ amountMinor: 50_000, currency: "USD", status: "succeeded" });
    const run = await check();
    expect(run).toMatchObject({ status: "green", gateway: "local", differenceCount: 0, alertId: null });
    expect(run.differences).toEqual([]);
    expect(line(run, "card_charges", "EUR")).toMatchObject({
      oursMinor: 80_000,
      gatewayMinor: 80_000,
      differenceMinor: 0,
    });
    expect(line(run, "card_charges", "GBP")).toMatchObject({ oursMinor: 12_345, gatewayMinor: 12_345 });
    expect(line(run, "card_refunds", "EUR")).toMatchObject({ oursMinor: 10_000, gatewayMinor: 10_000 });
    expect(line(run, "card_chargebacks", "USD")).toMatchObject({ oursMinor: 50_000, gatewayMinor: 50_000 });
    // The chargeback is not counted as a gateway refund: the gateway never paid it.
    expect(line(run, "card_refunds", "USD")).toBeUndefined();
    // The dashboard's line and the page read the same run.
    expect(await ops.ops.moneyCheck.latest()).toMatchObject({ id: run.id, status: "green" });
    const page = await ops.ops.moneyCheck.list({});
    expect(page.rows[0].id).toBe(run.id);
  });

  it("the port streams the same records the check reads", async () => {
    const seen = [];
    for await (const r of paymentGateway(db).listBalanceRecords({ createdBefore: later() })) seen.push(r);
    expect(seen).toContainEqual(
      expect.objectContaining({
        kind: "refund",
        gatewayId: ourRefund.stripeRefundId,
        amountMinor: 10_000,
        currency: "EUR",
      }),
    );
    expect(seen).toContainEqual(expect.objectContaining({ kind: "chargeback", gatewayId: gd.id, amountMinor: 50_000 }));
    expect(seen.filter((r) => r.kind === "charge")).toHaveLength(3);
  });

  it("is red when the gateway's record is corrupted (amount changed), with a critical alert carrying the row", async () => {
    const gid = ourRefund.stripeRefundId!;
    await db.update(localGatewayRefunds).set({ amountMinor: 9_999 }).where(eq(localGatewayRefunds.id, gid));
    try {
      const run = await check();
      expect(run.status).toBe("red");
      expect(line(run, "card_refunds", "EUR")).toMatchObject({
        oursMinor: 10_000,
        gatewayMinor: 9_999,
        differenceMinor: 1,
      });
      const row = {
        line: "card_refunds",
        problem: "amount_differs",
        ourId: manual.id,
        gatewayId: gid,
        bookingId: eur.bookingId,
      };
      expect(run.differences).toEqual([expect.objectContaining(row)]);
      const [alert] = await db.select().from(alerts).where(eq(alerts.id, run.alertId!));
      expect(alert).toMatchObject({ severity: "critical", source: "money_check" });
      expect(alert.title).toContain("Card refunds EUR off by");
      expect((alert.details as { rows: unknown[] }).rows).toEqual([expect.objectContaining(row)]);
      expect(await ops.ops.moneyCheck.latest()).toMatchObject({ id: run.id, status: "red", differenceCount: 1 });
    } finally {
      await db.update(localGatewayRefunds).set({ amountMinor: 10_000 }).where(eq(localGatewayRefunds.id, gid));
    }
    expect((await check()).status).toBe("green");
  });

  it("is red when a succeeded refund has no gateway record", async () => {
    const gid = ourRefund.stripeRefundId!;
    const [kept] = await db.delete(localGatewayRefunds).where(eq(localGatewayRefunds.id, gid)).returning();
    try {
      const run = await check();
      expect(run.status).toBe("red");
      expect(line(run, "card_refunds", "EUR")).toMatchObject({ oursMinor: 10_000, gatewayMinor: 0 });
      expect(run.differences).toEqual([
        expect.objectContaining({
          line: "card_refunds",
          problem: "no_gateway_record",
          ourId: manual.id,
          gatewayId: null,
        }),
      ]);
      const [alert] = await db.select().from(alerts).where(eq(alerts.id, run.alertId!));
      expect(alert.severity).toBe("critical");
    } finally {
      await db.insert(localGatewayRefunds).values(kept);
    }
  });

  it("is red when a refund row's amount is changed, and when a chargeback is missing on our side", async () => {
    await db.update(refunds).set({ amountMinor: 10_500 }).where(eq(refunds.id, manual.id));
    try {
      const run = await check();
      expect(run.status).toBe("red");
      expect(line(run, "card_refunds", "EUR")).toMatchObject({
        oursMinor: 10_500,
        gatewayMinor: 10_000,
        differenceMinor: 500,
      });
      expect(run.differences).toEqual([
        expect.objectContaining({
          problem: "amount_differs",
          ourId: manual.id,
          oursMinor: 10_500,
          gatewayMinor: 10_000,
        }),
      ]);
    } finally {
      await db.update(refunds).set({ amountMinor: 10_000 }).where(eq(refunds.id, manual.id));
    }
    await db.update(refunds).set({ status: "cancelled" }).where(eq(refunds.id, chargeback.id));
    try {
      const run = await check();
      expect(run.differences).toEqual([
        expect.objectContaining({
          line: "card_chargebacks",
          problem: "no_record_of_ours",
          gatewayId: gd.id,
          gatewayMinor: 50_000,
        }),
      ]);
    } finally {
      await db.update(refunds).set({ status: "succeeded" }).where(eq(refunds.id, chargeback.id));
    }
  });

  it("runs every registered ledger line (travel credit and compensation register the same way)", async () => {
    registerMoneyCheckLine({
      key: "test_ledger",
      label: "Test ledger",
      check: async ({ tx }) => {
        const [r] = await tx.execute<{ n: string }>(sql`select count(*)::text as n from money_checks`);
        return {
          totals: [{ currency: "EUR", oursMinor: Number(r.n), gatewayMinor: Number(r.n) }],
          differences: [],
          differenceCount: 0,
        };
      },
    });
    const run = await check();
    expect(run.status).toBe("green");
    expect(line(run, "test_ledger", "EUR")).toMatchObject({ label: "Test ledger", differenceMinor: 0 });
    expect(await db.$count(moneyChecks, and(eq(moneyChecks.status, "running")))).toBe(0);
  });
});

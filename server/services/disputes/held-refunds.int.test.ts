// Issue 23 on a real PostgreSQL: refunds owed while their charge is disputed are held, paid when the
// dispute is won, cancelled for what the chargeback returned when it is lost; ops may refund a
// disputed charge only with an override; a dispute in another currency is flagged.
import { opsActor } from "@/server/domain/actor";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { alerts, bookingStatusHistory, disputes, outbox, paymentTransactions, refunds } from "@/db/schema";
import { closeLocalDispute, createLocalDispute } from "@/server/payments/local-gateway";
import { issueManualRefund } from "@/server/services/refunds/issue-manual-refund";
import { oweRefund } from "@/server/services/refunds/owe-refund";
import { payOutRefund } from "@/server/services/refunds/pay-out-refund";
import { createTestDb } from "@/tests/db";
import { disputeEvent, gatewayEventsOf, insertDisputableBooking } from "@/tests/fixtures/disputes";
import { callerAs, sessions } from "@/tests/sessions";
import { handleDisputeEvent } from "./handle-dispute-event";

const db = await createTestDb();
const founder = opsActor("founder@example.com");

async function disputed(amountMinor = 80_000, disputeMinor?: number) {
  const b = await insertDisputableBooking(db, { amountMinor });
  const gd = await createLocalDispute(db, { paymentIntentId: b.paymentIntentId, amountMinor: disputeMinor });
  const [created] = await gatewayEventsOf(db, gd.id);
  expect((await handleDisputeEvent(db, created)).action).toBe("created");
  return { b, gd };
}
const close = async (gdId: string, outcome: "won" | "lost") => {
  await closeLocalDispute(db, gdId, outcome);
  return handleDisputeEvent(db, (await gatewayEventsOf(db, gdId)).at(-1)!);
};
/** An automatic refund (a cancellation's, a provider's) owed through the one writer. */
const owe = (bookingId: string, amountMinor: number, key: string) =>
  db.transaction((tx) =>
    oweRefund(tx, {
      bookingId,
      amountMinor,
      currency: "EUR",
      key,
      reference: `RF-${key.slice(-8).toUpperCase()}`,
      reason: "Cancellation",
      requestedBy: "traveler",
      event: { name: "refund/requested" },
    }),
  );
const refundRow = async (id: string) => (await db.select().from(refunds).where(eq(refunds.id, id)))[0];
const payment = async (id: string) =>
  (await db.select().from(paymentTransactions).where(eq(paymentTransactions.id, id)))[0];
const gatewayRefunds = async (refundId: string) =>
  (
    (await db.execute(
      sql`select count(*)::int as n from local_gateway_refunds where metadata->>'refund_id' = ${refundId}`,
    )) as unknown as { n: number }[]
  )[0].n;
const eventsFor = async (name: string, refundId: string) =>
  db
    .select()
    .from(outbox)
    .where(and(eq(outbox.name, name), sql`${outbox.data}->>'refundId' = ${refundId}`));

describe("held refunds", () => {
  it("an automatic refund under an open dispute is held, never paid, then paid once the dispute is won", async () => {
    const { b, gd } = await disputed();
    const [leg] = await owe(b.bookingId, 30_000, `refund:test:won:${gd.id}`);
    expect(leg).toMatchObject({ status: "held", amountMinor: 30_000 });
    // A held refund reserves its amount like a pending one (the refunds trigger, migration 0031).
    expect((await payment(b.paymentId)).refundedMinor).toBe(30_000);
    expect(await eventsFor("refund/held", leg.id)).toHaveLength(1);
    expect(await eventsFor("refund/requested", leg.id)).toHaveLength(0);
    expect(await payOutRefund(db, leg.id)).toMatchObject({ status: "skipped", current: "held" });
    // The database refuses to start paying it out while the dispute is open, whoever tries.
    await expect(db.execute(sql`update refunds set status = 'processing' where id = ${leg.id}`)).rejects.toMatchObject({
      cause: { constraint_name: "refunds_disputed_charge" },
    });

    expect((await close(gd.id, "won")).action).toBe("closed_won");
    expect((await refundRow(leg.id)).status).toBe("pending");
    expect(await eventsFor("refund/requested", leg.id)).toHaveLength(1);
    expect(await payOutRefund(db, leg.id)).toMatchObject({ status: "succeeded" });
    expect(await gatewayRefunds(leg.id)).toBe(1);
    expect((await payment(b.paymentId)).refundedMinor).toBe(30_000);
  });

  it("lost: a held full refund is cancelled, the chargeback counts the money once and the booking is refunded", async () => {
    const { b, gd } = await disputed();
    const [leg] = await owe(b.bookingId, 80_000, `refund:test:lostall:${gd.id}`);
    expect(leg.status).toBe("held");
    expect((await close(gd.id, "lost")).action).toBe("closed_lost");
    const row = await refundRow(leg.id);
    expect(row.status).toBe("cancelled");
    expect(row.failureReason).toContain("chargeback returned");
    const [cancelled] = await eventsFor("refund/cancelled", leg.id);
    expect(cancelled.data).toMatchObject({ cancelledMinor: 80_000, amountMinor: 0 });
    const [d] = await db.select().from(disputes).where(eq(disputes.stripeDisputeId, gd.id));
    const chargeback = await refundRow(d.chargebackRefundId!);
    expect(chargeback).toMatchObject({ reason: "chargeback", status: "succeeded", amountMinor: 80_000 });
    expect((await payment(b.paymentId)).refundedMinor).toBe(80_000);
    expect(await gatewayRefunds(leg.id)).toBe(0);
    const [h] = await db
      .select()
      .from(bookingStatusHistory)
      .where(and(eq(bookingStatusHistory.bookingId, b.bookingId), eq(bookingStatusHistory.toStatus, "refunded")));
    expect(h.changeReason).toContain("chargeback of €800.00 counted");
    // After the lost dispute nothing is left: a manual refund is refused for what the chargeback returned.
    await expect(
      issueManualRefund(db, {
        bookingId: b.bookingId,
        amountMinor: 100,
        currency: "EUR",
        reason: "goodwill",
        actor: founder,
      }),
    ).rejects.toMatchObject({ code: "invalid", details: { field: "amountMinor", leftMinor: 0 } });
  });

  it("lost for part: the held refund shrinks by what the chargeback returned beyond the free room, the rest is paid", async () => {
    // Paid 800, refund of 600 held, dispute of 500 lost: 200 was free, so the chargeback returned 300 of the refund.
    const { b, gd } = await disputed(80_000, 50_000);
    const [leg] = await owe(b.bookingId, 60_000, `refund:test:lostpart:${gd.id}`);
    expect((await close(gd.id, "lost")).action).toBe("closed_lost");
    const row = await refundRow(leg.id);
    expect(row).toMatchObject({ status: "pending", amountMinor: 30_000 });
    const [cancelled] = await eventsFor("refund/cancelled", leg.id);
    expect(cancelled.data).toMatchObject({ cancelledMinor: 30_000, amountMinor: 30_000 });
    expect(await eventsFor("refund/requested", leg.id)).toHaveLength(1);
    expect(await payOutRefund(db, leg.id)).toMatchObject({ status: "succeeded" });
    // 500 charged back + 300 refunded = 800 paid: never more.
    expect((await payment(b.paymentId)).refundedMinor).toBe(80_000);
  });
});

describe("manual refunds under a dispute", () => {
  it("are refused without an override, allowed with one and its reason, and then paid despite the dispute", async () => {
    const { b } = await disputed();
    const ops = callerAs(db, sessions.ops());
    const input = { bookingId: b.bookingId, amountMinor: 10_000, currency: "EUR", reason: "goodwill" };
    await expect(ops.ops.money.manualRefund(input)).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("open dispute"),
    });
    expect(await db.select().from(refunds).where(eq(refunds.bookingId, b.bookingId))).toHaveLength(0);
    await expect(ops.ops.money.manualRefund({ ...input, override: { reason: " " } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const r = await ops.ops.money.manualRefund({
      ...input,
      override: { reason: "Bank confirmed the traveler withdraws" },
    });
    expect(await refundRow(r.id)).toMatchObject({
      status: "pending",
      disputeOverrideReason: "Bank confirmed the traveler withdraws",
    });
    expect(await payOutRefund(db, r.id)).toMatchObject({ status: "succeeded" });
  });
});

describe("a dispute in another currency than its payment", () => {
  it("is flagged with a high alert when it opens; lost, its history says no chargeback was counted", async () => {
    const b = await insertDisputableBooking(db);
    const gd = await createLocalDispute(db, { paymentIntentId: b.paymentIntentId });
    const [created] = await gatewayEventsOf(db, gd.id);
    const inUsd = disputeEvent(created, "charge.dispute.created", { currency: "usd" });
    expect((await handleDisputeEvent(db, inUsd)).action).toBe("created");
    const [d] = await db.select().from(disputes).where(eq(disputes.stripeDisputeId, gd.id));
    expect(d).toMatchObject({ currency: "USD", crossCurrency: true });
    const [alert] = await db
      .select()
      .from(alerts)
      .where(eq(alerts.dedupeKey, `dispute_currency:${d.id}`));
    expect(alert).toMatchObject({ severity: "high", bookingId: b.bookingId });
    expect(alert.title).toContain("the payment is in EUR");

    const lost = disputeEvent(inUsd, "charge.dispute.closed", { status: "lost" });
    expect((await handleDisputeEvent(db, lost)).action).toBe("closed_lost");
    expect((await payment(b.paymentId)).refundedMinor).toBe(0);
    const history = await db.select().from(bookingStatusHistory).where(eq(bookingStatusHistory.bookingId, b.bookingId));
    const line = history.find((h) => h.fromStatus === "disputed")!;
    expect(line.changeReason).toContain("no chargeback counted");
    expect(line.changeReason).not.toContain("counted as returned");
  });
});

// Issue 23: two paths for the same money never both pay out, raced over separate connections on a
// real PostgreSQL (the payments CHECK, the refunds trigger, the dispute guard and unique keys
// decide, not only the code's own checks); and the one writer's split and refusals.
import { opsActor } from "@/server/domain/actor";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { paymentTransactions, refunds } from "@/db/schema";
import { closeLocalDispute, createLocalDispute } from "@/server/payments/local-gateway";
import { handleDisputeEvent } from "@/server/services/disputes/handle-dispute-event";
import { createTestDb } from "@/tests/db";
import { gatewayEventsOf, insertDisputableBooking } from "@/tests/fixtures/disputes";
import { issueManualRefund } from "./issue-manual-refund";
import { oweRefund, RefundAboveTenders } from "./owe-refund";
import { payOutRefund } from "./pay-out-refund";

const db = await createTestDb();
const founder = opsActor("founder@example.com");

const manual = (bookingId: string, amountMinor: number, override?: string) =>
  issueManualRefund(db, {
    bookingId,
    amountMinor,
    currency: "EUR",
    reason: "goodwill",
    actor: founder,
    ...(override ? { override: { reason: override } } : {}),
  });
const owe = (bookingId: string, amountMinor: number, key: string, whenShort?: "alert") =>
  db.transaction((tx) =>
    oweRefund(tx, {
      bookingId,
      amountMinor,
      currency: "EUR",
      key,
      reference: `RF-${key.slice(-10).toUpperCase()}`,
      reason: "Cancellation",
      requestedBy: "traveler",
      event: { name: "refund/owed" },
      whenShort,
    }),
  );
const reserved = async (bookingId: string) => {
  const [r] = (await db.execute(sql`select
      (select refunded_minor from payment_transactions where booking_id = ${bookingId} and kind = 'charge')::int as payment,
      (select coalesce(sum(amount_minor), 0) from refunds where booking_id = ${bookingId} and status::text in ('pending', 'processing', 'held', 'succeeded'))::int as rows`)) as unknown as {
    payment: number;
    rows: number;
  }[];
  expect(r.payment).toBe(r.rows); // the trigger's running total agrees with the rows
  return r.payment;
};
const settled = <T>(results: PromiseSettledResult<T>[]) => ({
  ok: results.filter((r) => r.status === "fulfilled").map((r) => (r as PromiseFulfilledResult<T>).value),
  failed: results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason as Error),
});

describe("the one refund writer", () => {
  it("refuses a refund above what the tenders hold with a typed error naming the amount, writing nothing", async () => {
    const b = await insertDisputableBooking(db, { amountMinor: 50_000 });
    const err = await owe(b.bookingId, 50_001, `refund:test:above:${b.bookingId}`).catch((e) => e);
    expect(err).toBeInstanceOf(RefundAboveTenders);
    expect(err).toMatchObject({ askedMinor: 50_001, roomMinor: 50_000, details: { field: "amountMinor" } });
    expect(err.message).toContain("€500.01");
    expect(await db.select().from(refunds).where(eq(refunds.bookingId, b.bookingId))).toHaveLength(0);
  });

  it("splits card first, then credit, never promo; each leg its own row with the same breakdown", async () => {
    const b = await insertDisputableBooking(db, { amountMinor: 50_000 });
    await db.insert(paymentTransactions).values([
      {
        bookingId: b.bookingId,
        kind: "charge",
        status: "succeeded",
        method: "credit",
        amountMinor: 20_000,
        currency: "EUR",
      },
      {
        bookingId: b.bookingId,
        kind: "charge",
        status: "succeeded",
        method: "promo",
        amountMinor: 10_000,
        currency: "EUR",
      },
    ]);
    await expect(owe(b.bookingId, 70_001, `refund:test:promo:${b.bookingId}`)).rejects.toBeInstanceOf(
      RefundAboveTenders,
    );
    const legs = await owe(b.bookingId, 65_000, `refund:test:split:${b.bookingId}`);
    expect(legs.map((l) => [l.method, l.amountMinor, l.status])).toEqual([
      ["card", 50_000, "pending"],
      ["credit", 15_000, "pending"],
    ]);
    // Helper E's credit branch pays credit legs to the ledger; the gateway path leaves them alone.
    expect(await payOutRefund(db, legs[1].id)).toMatchObject({ status: "skipped", current: "pending" });
  });
});

describe("two paths for the same money", () => {
  it("two manual refunds of everything left, at once: one wins, the other is refused", async () => {
    const b = await insertDisputableBooking(db, { amountMinor: 40_000 });
    const { ok, failed } = settled(
      await Promise.allSettled([manual(b.bookingId, 40_000), manual(b.bookingId, 40_000)]),
    );
    expect(ok).toHaveLength(1);
    expect(failed).toHaveLength(1);
    expect(await reserved(b.bookingId)).toBe(40_000);
  });

  it("the same cancellation's refund written twice at once (a retried step): one row, one event", async () => {
    const b = await insertDisputableBooking(db, { amountMinor: 40_000 });
    const key = `refund:cancellation:test:${b.bookingId}`;
    const [x, y] = await Promise.all([owe(b.bookingId, 30_000, key), owe(b.bookingId, 30_000, key)]);
    expect(x.length + y.length).toBe(1);
    expect(await reserved(b.bookingId)).toBe(30_000);
  });

  it("a manual refund and a cancellation's refund for the whole charge at once: together never above it", async () => {
    const b = await insertDisputableBooking(db, { amountMinor: 40_000 });
    const results = await Promise.allSettled([
      manual(b.bookingId, 40_000),
      owe(b.bookingId, 40_000, `refund:cancellation:both:${b.bookingId}`, "alert"),
    ]);
    expect(results.some((r) => r.status === "fulfilled")).toBe(true);
    expect(await reserved(b.bookingId)).toBe(40_000);
  });

  it("a payout retried while the webhook's retry runs: one gateway refund", async () => {
    const b = await insertDisputableBooking(db, { amountMinor: 40_000 });
    const { id } = await manual(b.bookingId, 25_000);
    const answers = await Promise.all([payOutRefund(db, id), payOutRefund(db, id), payOutRefund(db, id)]);
    expect(answers.filter((a) => a.status === "succeeded")).toHaveLength(1);
    const [{ n }] = (await db.execute(
      sql`select count(*)::int as n from local_gateway_refunds where metadata->>'refund_id' = ${id}`,
    )) as unknown as { n: number }[];
    expect(n).toBe(1);
  });

  it("a refund (with override) and a lost chargeback of the whole charge at once: one of them counts it", async () => {
    const b = await insertDisputableBooking(db, { amountMinor: 40_000 });
    const gd = await createLocalDispute(db, { paymentIntentId: b.paymentIntentId });
    await handleDisputeEvent(db, (await gatewayEventsOf(db, gd.id))[0]);
    await closeLocalDispute(db, gd.id, "lost");
    const closed = (await gatewayEventsOf(db, gd.id)).at(-1)!;
    await Promise.allSettled([manual(b.bookingId, 40_000, "the bank asked us to"), handleDisputeEvent(db, closed)]);
    expect(await reserved(b.bookingId)).toBeLessThanOrEqual(40_000);
    const rows = await db.select().from(refunds).where(eq(refunds.bookingId, b.bookingId));
    expect(rows.filter((r) => r.amountMinor === 40_000 && r.status !== "cancelled")).toHaveLength(1);
  });

  it("a payout racing a new dispute on its charge: paid before the dispute, or held, never both", async () => {
    for (let i = 0; i < 3; i++) {
      const b = await insertDisputableBooking(db, { amountMinor: 40_000 });
      const { id } = await manual(b.bookingId, 10_000);
      const gd = await createLocalDispute(db, { paymentIntentId: b.paymentIntentId });
      const created = (await gatewayEventsOf(db, gd.id))[0];
      await Promise.allSettled([payOutRefund(db, id), handleDisputeEvent(db, created)]);
      const [r] = await db.select().from(refunds).where(eq(refunds.id, id));
      const [{ n }] = (await db.execute(
        sql`select count(*)::int as n from local_gateway_refunds where metadata->>'refund_id' = ${id}`,
      )) as unknown as { n: number }[];
      // Either the payout claimed it first (paid once), or the dispute came first (held): never both.
      expect(["succeeded", "held"]).toContain(r.status);
      expect(n).toBe(r.status === "succeeded" ? 1 : 0);
    }
  });
});

// Stripe dispute events on a real PostgreSQL, from the local gateway's own Stripe-shaped events:
// booking disputed and back, duplicates and reordering, lost chargebacks within refunded ≤ paid.
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { alerts, bookingStatusHistory, disputes, outbox, paymentTransactions, refunds } from "@/db/schema";
import { closeLocalDispute, createLocalCharge, createLocalDispute } from "@/server/payments/local-gateway";
import { escalateEvent } from "@/server/services/escalation/escalate-event";
import { createTestDb } from "@/tests/db";
import { handleDisputeEvent } from "./handle-dispute-event";
import { bookingOf, disputeEvent, gatewayEventsOf, insertDisputableBooking } from "@/tests/fixtures/disputes";

const db = await createTestDb();

const disputeRow = async (stripeId: string) =>
  (await db.select().from(disputes).where(eq(disputes.stripeDisputeId, stripeId)))[0];
const outboxOf = async (name: string, disputeId: string) =>
  db
    .select()
    .from(outbox)
    .where(and(eq(outbox.name, name), sql`${outbox.data}->>'disputeId' = ${disputeId}`));
const historyTo = async (bookingId: string) =>
  (
    await db
      .select()
      .from(bookingStatusHistory)
      .where(eq(bookingStatusHistory.bookingId, bookingId))
      .orderBy(bookingStatusHistory.createdAt)
  ).map((h) => `${h.fromStatus}>${h.toStatus}:${h.changedBy}`);
const invariantsHold = async (bookingId: string) => {
  const [r] = await db.execute<{ ok: boolean }>(sql`select bool_and(p.refunded_minor between 0 and p.amount_minor)
      and (select refunded_minor between 0 and paid_minor from bookings where id = ${bookingId})
      and (select refunded_minor from bookings where id = ${bookingId}) = (select coalesce(sum(amount_minor), 0) from refunds where booking_id = ${bookingId} and status = 'succeeded')
    as ok from payment_transactions p where p.booking_id = ${bookingId}`);
  return r.ok;
};

async function openDispute(
  opts: Parameters<typeof insertDisputableBooking>[1] = {},
  dispute: { amountMinor?: number; reason?: string } = {},
) {
  const b = await insertDisputableBooking(db, opts);
  const gd = await createLocalDispute(db, { paymentIntentId: b.paymentIntentId, evidenceDueInDays: 5, ...dispute });
  const [created] = await gatewayEventsOf(db, gd.id);
  return { b, gd, created };
}

describe("charge.dispute.created", () => {
  it("stores the dispute with its deadline, moves the booking to disputed as the webhook, and records dispute/created for the escalation", async () => {
    const { b, gd, created } = await openDispute({ status: "ticketed" }, { reason: "product_not_received" });
    const r = await handleDisputeEvent(db, created);
    expect(r.action).toBe("created");
    const row = await disputeRow(gd.id);
    expect(row).toMatchObject({
      id: r.disputeId,
      bookingId: b.bookingId,
      paymentTransactionId: b.paymentId,
      stripeChargeId: b.chargeId,
      amountMinor: 80_000,
      currency: "EUR",
      status: "needs_response",
      reason: "product_not_received",
      outcome: "pending",
    });
    expect(Math.abs(row.evidenceDueBy!.getTime() - gd.evidenceDueBy!.getTime())).toBeLessThan(1000);
    const booking = await bookingOf(db, b.bookingId);
    expect(booking).toMatchObject({
      status: "disputed",
      statusBeforeDispute: "ticketed",
      hasDispute: true,
      disputeId: row.id,
    });
    expect(await historyTo(b.bookingId)).toEqual(["ticketed>disputed:system"]);
    const [ev] = await outboxOf("dispute/created", row.id);
    expect(ev.data).toMatchObject({ bookingId: b.bookingId, amountMinor: 80_000, currency: "EUR" });
    // The escalation function's service on that event: the critical alert names the booking and the deadline.
    const e = await escalateEvent(db, "dispute/created", ev.data as Record<string, unknown>, ev.id);
    const [alert] = await db.select().from(alerts).where(eq(alerts.id, e!.alertId));
    expect(alert).toMatchObject({ severity: "critical", source: "dispute_created", bookingId: b.bookingId });
    expect(alert.title).toContain(b.reference);
    expect(alert.title).toContain("evidence due");
  });

  it("a redelivered created event (and ten concurrent ones) changes nothing more", async () => {
    const { b, gd, created } = await openDispute();
    const runs = await Promise.all(Array.from({ length: 10 }, () => handleDisputeEvent(db, created)));
    expect(runs.filter((r) => r.action === "created")).toHaveLength(1);
    expect(runs.filter((r) => r.action === "duplicate")).toHaveLength(9);
    expect(new Set(runs.map((r) => r.disputeId)).size).toBe(1);
    expect((await handleDisputeEvent(db, created)).action).toBe("duplicate");
    const row = await disputeRow(gd.id);
    expect(await db.select().from(disputes).where(eq(disputes.stripeDisputeId, gd.id))).toHaveLength(1);
    expect(await outboxOf("dispute/created", row.id)).toHaveLength(1);
    expect(await historyTo(b.bookingId)).toEqual(["confirmed>disputed:system"]);
  });

  it("an unmatched dispute is stored without a booking, with a critical alert", async () => {
    const { paymentIntentId } = await createLocalCharge(db, { amountMinor: 12_345, currency: "USD" });
    const gd = await createLocalDispute(db, { paymentIntentId });
    const [created] = await gatewayEventsOf(db, gd.id);
    expect((await handleDisputeEvent(db, created)).action).toBe("created_unmatched");
    const row = await disputeRow(gd.id);
    expect(row).toMatchObject({
      bookingId: null,
      paymentTransactionId: null,
      amountMinor: 12_345,
      currency: "USD",
      status: "needs_response",
    });
    const [alert] = await db
      .select()
      .from(alerts)
      .where(eq(alerts.dedupeKey, `dispute_created:${row.id}`));
    expect(alert.severity).toBe("critical");
    expect(alert.title).toContain("$123.45");
    expect(alert.title).toContain("no payment of ours matches");
    const [ev] = await outboxOf("dispute/created", row.id);
    expect(ev.data).toMatchObject({ unmatched: true, bookingId: null });
    // The escalation finds this alert (same key) instead of raising a second one, and escalates
    // it, or the group of recent critical dispute alerts it joined (raise-alert.ts).
    const e = await escalateEvent(db, "dispute/created", ev.data as Record<string, unknown>, ev.id);
    expect(e!.alertId).toBe(alert.groupId ?? alert.id);
    expect(await db.$count(alerts, eq(alerts.dedupeKey, `dispute_created:${row.id}`))).toBe(1);
    // A later close of an unmatched dispute is recorded, with nothing to move.
    await closeLocalDispute(db, gd.id, "lost");
    const events = await gatewayEventsOf(db, gd.id);
    expect((await handleDisputeEvent(db, events.at(-1)!)).action).toBe("closed_lost");
    expect((await disputeRow(gd.id)).chargebackRefundId).toBeNull();
  });
});

describe("out of order and repeated", () => {
  it("closed (won) before updated and before created: the dispute ends won, later events are stale", async () => {
    const { b, gd } = await openDispute({ status: "modified" });
    const created = (await gatewayEventsOf(db, gd.id))[0];
    const updated = disputeEvent(created, "charge.dispute.updated", { status: "under_review" });
    await closeLocalDispute(db, gd.id, "won");
    const closed = (await gatewayEventsOf(db, gd.id)).at(-1)!;
    expect(closed.type).toBe("charge.dispute.closed");
    expect((await handleDisputeEvent(db, closed)).action).toBe("created+closed_won");
    expect((await handleDisputeEvent(db, updated)).action).toBe("stale");
    expect((await handleDisputeEvent(db, created)).action).toBe("stale");
    expect((await handleDisputeEvent(db, closed)).action).toBe("duplicate");
    const row = await disputeRow(gd.id);
    expect(row).toMatchObject({ status: "won", outcome: "won" });
    expect(row.resolvedAt).not.toBeNull();
    expect(await bookingOf(db, b.bookingId)).toMatchObject({ status: "modified", statusBeforeDispute: null });
    expect(await historyTo(b.bookingId)).toEqual(["modified>disputed:system", "disputed>modified:system"]);
    expect(await outboxOf("dispute/closed", row.id)).toHaveLength(1);
  });

  it("created → updated (under review) → updated again: one update event; an inquiry turns into a chargeback", async () => {
    const { gd, created } = await openDispute();
    await handleDisputeEvent(db, created);
    const review = disputeEvent(created, "charge.dispute.updated", { status: "under_review" });
    expect((await handleDisputeEvent(db, review)).action).toBe("updated");
    expect((await handleDisputeEvent(db, review)).action).toBe("duplicate");
    expect(
      (await handleDisputeEvent(db, disputeEvent(created, "charge.dispute.updated", { status: "needs_response" })))
        .action,
    ).toBe("stale");
    const row = await disputeRow(gd.id);
    expect(row.status).toBe("under_review");
    expect(await outboxOf("dispute/updated", row.id)).toHaveLength(1);

    const inquiry = await openDispute({}, {});
    const warn = disputeEvent(inquiry.created, "charge.dispute.created", { status: "warning_needs_response" });
    expect((await handleDisputeEvent(db, warn)).action).toBe("created");
    expect(
      (await handleDisputeEvent(db, disputeEvent(warn, "charge.dispute.updated", { status: "needs_response" }))).action,
    ).toBe("updated");
    expect((await disputeRow(inquiry.gd.id)).status).toBe("needs_response");
  });

  it("a redelivered event with an extended deadline refreshes it; funds withdrawn is recorded once", async () => {
    const { gd, created } = await openDispute();
    await handleDisputeEvent(db, created);
    const later = Math.floor(Date.now() / 1000) + 20 * 86_400;
    const obj = created.data.object as unknown as { evidence_details: Record<string, unknown> };
    await handleDisputeEvent(
      db,
      disputeEvent(created, "charge.dispute.updated", { evidence_details: { ...obj.evidence_details, due_by: later } }),
    );
    expect((await disputeRow(gd.id)).evidenceDueBy!.getTime()).toBe(later * 1000);
    const withdrawn = disputeEvent(created, "charge.dispute.funds_withdrawn");
    expect((await handleDisputeEvent(db, withdrawn)).action).toBe("duplicate+funds_withdrawn");
    expect((await handleDisputeEvent(db, withdrawn)).action).toBe("duplicate+funds_withdrawn_duplicate");
    const row = await disputeRow(gd.id);
    expect(row.fundsWithdrawnAt).not.toBeNull();
    expect(await outboxOf("dispute/funds_withdrawn", row.id)).toHaveLength(1);
  });

  it("ignores other event types and unknown statuses", async () => {
    const { created } = await openDispute();
    expect((await handleDisputeEvent(db, disputeEvent(created, "charge.refunded"))).action).toBe("ignored");
    expect(
      (await handleDisputeEvent(db, disputeEvent(created, "charge.dispute.updated", { status: "prevented" }))).action,
    ).toBe("ignored:status_prevented");
  });
});

describe("closing", () => {
  it("won: the booking returns to the status it held before the dispute", async () => {
    const { b, gd, created } = await openDispute({ status: "completed" });
    await handleDisputeEvent(db, created);
    await closeLocalDispute(db, gd.id, "won");
    expect((await handleDisputeEvent(db, (await gatewayEventsOf(db, gd.id)).at(-1)!)).action).toBe("closed_won");
    expect((await bookingOf(db, b.bookingId)).status).toBe("completed");
    expect(await db.select().from(refunds).where(eq(refunds.bookingId, b.bookingId))).toHaveLength(0);
  });

  it("lost in full: the chargeback is a succeeded refund (no gateway id), the booking becomes refunded, invariants hold", async () => {
    const { b, gd, created } = await openDispute({ status: "cancelled" });
    await handleDisputeEvent(db, created);
    await closeLocalDispute(db, gd.id, "lost");
    const closed = (await gatewayEventsOf(db, gd.id)).at(-1)!;
    expect((await handleDisputeEvent(db, closed)).action).toBe("closed_lost");
    expect((await handleDisputeEvent(db, closed)).action).toBe("duplicate");
    const rs = await db.select().from(refunds).where(eq(refunds.bookingId, b.bookingId));
    expect(rs).toHaveLength(1);
    expect(rs[0]).toMatchObject({
      amountMinor: 80_000,
      currency: "EUR",
      status: "succeeded",
      reason: "chargeback",
      stripeRefundId: null,
      idempotencyKey: `chargeback:${gd.id}`,
      requestedBy: "system",
    });
    const row = await disputeRow(gd.id);
    expect(row).toMatchObject({ status: "lost", outcome: "lost", chargebackRefundId: rs[0].id });
    const booking = await bookingOf(db, b.bookingId);
    expect(booking).toMatchObject({ status: "refunded", paidMinor: 80_000, refundedMinor: 80_000 });
    const [p] = await db.select().from(paymentTransactions).where(eq(paymentTransactions.id, b.paymentId));
    expect(p.refundedMinor).toBe(80_000);
    expect(await invariantsHold(b.bookingId)).toBe(true);
    expect(await historyTo(b.bookingId)).toEqual(["cancelled>disputed:system", "disputed>refunded:system"]);
    const [ev] = await outboxOf("dispute/closed", row.id);
    expect(ev.data).toMatchObject({ outcome: "lost", chargebackRefundId: rs[0].id });
    // The database still refuses any further refund on this payment.
    await expect(
      db.insert(refunds).values({
        bookingId: b.bookingId,
        paymentTransactionId: b.paymentId,
        refundReference: `X-${gd.id}`,
        idempotencyKey: `x:${gd.id}`,
        amountMinor: 1,
        currency: "EUR",
        status: "pending",
      }),
    ).rejects.toThrow();
  });

  it("lost in part: the booking returns to its earlier status with the chargeback counted as returned", async () => {
    const { b, gd, created } = await openDispute({ status: "confirmed" }, { amountMinor: 30_000 });
    await handleDisputeEvent(db, created);
    await closeLocalDispute(db, gd.id, "lost");
    await handleDisputeEvent(db, (await gatewayEventsOf(db, gd.id)).at(-1)!);
    expect(await bookingOf(db, b.bookingId)).toMatchObject({ status: "confirmed", refundedMinor: 30_000 });
    expect(await invariantsHold(b.bookingId)).toBe(true);
  });

  it("lost after a refund was promised and not yet paid: the chargeback returns it, so the refund is cancelled", async () => {
    const { b, gd, created } = await openDispute({ status: "confirmed" });
    const [owed] = await db
      .insert(refunds)
      .values({
        bookingId: b.bookingId,
        paymentTransactionId: b.paymentId,
        refundReference: `RF-${gd.id}`,
        idempotencyKey: `refund:${gd.id}`,
        amountMinor: 20_000,
        currency: "EUR",
        status: "pending",
      })
      .returning();
    await handleDisputeEvent(db, created);
    await closeLocalDispute(db, gd.id, "lost");
    await handleDisputeEvent(db, (await gatewayEventsOf(db, gd.id)).at(-1)!);
    const [cb] = await db
      .select()
      .from(refunds)
      .where(and(eq(refunds.bookingId, b.bookingId), eq(refunds.reason, "chargeback")));
    // The bank returned the whole €800: the €200 still owed is part of it, never paid a second time.
    expect(cb.amountMinor).toBe(80_000);
    const [after] = await db.select().from(refunds).where(eq(refunds.id, owed.id));
    expect(after.status).toBe("cancelled");
    expect(await invariantsHold(b.bookingId)).toBe(true);
    expect((await bookingOf(db, b.bookingId)).status).toBe("refunded");
  });

  it("two disputes on one booking: it stays disputed until both are closed", async () => {
    const { b, gd, created } = await openDispute({ status: "ticketed" }, { amountMinor: 10_000 });
    const second = await createLocalDispute(db, { paymentIntentId: b.paymentIntentId, amountMinor: 5_000 });
    await handleDisputeEvent(db, created);
    await handleDisputeEvent(db, (await gatewayEventsOf(db, second.id))[0]);
    await closeLocalDispute(db, gd.id, "won");
    await handleDisputeEvent(db, (await gatewayEventsOf(db, gd.id)).at(-1)!);
    expect((await bookingOf(db, b.bookingId)).status).toBe("disputed");
    await closeLocalDispute(db, second.id, "lost");
    await handleDisputeEvent(db, (await gatewayEventsOf(db, second.id)).at(-1)!);
    expect(await bookingOf(db, b.bookingId)).toMatchObject({ status: "ticketed", refundedMinor: 5_000 });
    expect(await historyTo(b.bookingId)).toEqual(["ticketed>disputed:system", "disputed>ticketed:system"]);
  });

  it("a dispute on a booking that cannot be disputed (pending) is stored with a high alert and no transition", async () => {
    const { b, gd, created } = await openDispute({ status: "pending" });
    expect((await handleDisputeEvent(db, created)).action).toBe("created");
    expect((await bookingOf(db, b.bookingId)).status).toBe("pending");
    const row = await disputeRow(gd.id);
    const [alert] = await db
      .select()
      .from(alerts)
      .where(eq(alerts.dedupeKey, `dispute_status:${row.id}`));
    expect(alert.severity).toBe("high");
  });
});

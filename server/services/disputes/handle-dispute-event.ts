// Stripe `charge.dispute.*` events → our `disputes` rows and the booking's disputed state
// (docs/architecture.md, "Lifecycle"). One transaction per event: the dispute row, the booking's
// transition with its history, a lost chargeback's refund row, alerts and the outbox events.
//
// Idempotent on (dispute id, status): the same status again is a duplicate, an older one is stale
// (a `closed` that arrives before an `updated` wins), so redeliveries and reordering are harmless.
// The webhook route dedupes by Stripe event id before this runs; this does not rely on it.
import { systemActor } from "@/server/domain/actor";
import { and, eq, inArray, isNull, ne, or } from "drizzle-orm";
import type Stripe from "stripe";
import type { Db, Tx } from "@/db/client";
import { bookings, disputes, paymentTransactions } from "@/db/schema";
import { bookingTransitions } from "@/server/domain/booking-machine";
import { formatMoney } from "@/server/domain/money";
import { mapDispute } from "@/server/payments/stripe-gateway";
import type { GatewayDispute } from "@/server/payments/gateway";
import { raiseAlert } from "@/server/services/escalation/raise-alert";
import { recordEvent } from "@/server/services/events/record-event";
import { transitionBooking } from "@/server/services/lifecycle";
import { lockBooking } from "@/server/services/lifecycle/transition-booking";
import { decideDisputeMove, isClosed, isDisputeStatus, outcomeOf } from "@/server/domain/dispute-machine";
import { type DisputeStatus, openDisputeStatuses } from "@/server/domain/statuses";
import { flagCrossCurrency } from "./cross-currency";
import { releaseHeldRefunds } from "./held-refunds";
import { recordChargeback } from "./record-chargeback";

export type DisputeEventResult = { action: string; disputeId?: string };

export const disputeEventTypes = [
  "charge.dispute.created",
  "charge.dispute.updated",
  "charge.dispute.closed",
  "charge.dispute.funds_withdrawn",
  "charge.dispute.funds_reinstated",
] as const;
export type DisputeEventType = (typeof disputeEventTypes)[number];
export const isDisputeEventType = (t: string): t is DisputeEventType =>
  (disputeEventTypes as readonly string[]).includes(t);

type DisputeRow = typeof disputes.$inferSelect;

export async function handleDisputeEvent(db: Db, event: Stripe.Event): Promise<DisputeEventResult> {
  if (!isDisputeEventType(event.type)) return { action: "ignored" };
  const d = mapDispute(event.data.object as Stripe.Dispute);
  if (!isDisputeStatus(d.status)) return { action: `ignored:status_${d.status}` };
  const status: DisputeStatus = d.status;
  const eventAt = new Date(event.created * 1000);

  return db.transaction(async (tx) => {
    const { row, isNew } = await lockOrInsert(tx, d, status);
    const actions: string[] = [];
    if (isNew) {
      actions.push(await opened(tx, row, d, event.type));
      if (isClosed(status)) actions.push(await close(tx, row, status, event.type));
    } else {
      if (!row.bookingId) await rematch(tx, row, d);
      const move = decideDisputeMove(row.status as DisputeStatus, status);
      if (move.kind === "advance") {
        await tx
          .update(disputes)
          .set({
            status,
            evidenceDueBy: d.evidenceDueBy ?? row.evidenceDueBy,
            reason: d.reason || row.reason,
            evidenceSubmitted: row.evidenceSubmitted || d.evidenceSubmitted,
            updatedAt: new Date(),
          })
          .where(eq(disputes.id, row.id));
        if (move.closes) actions.push(await close(tx, row, status, event.type));
        else {
          await recordEvent(tx, "dispute/updated", {
            disputeId: row.id,
            bookingId: row.bookingId,
            from: row.status,
            to: status,
          });
          actions.push("updated");
        }
      } else {
        // A redelivery may still carry a new deadline (Stripe extends it) or a submission: never lose one.
        const due =
          d.evidenceDueBy && move.kind === "duplicate" && d.evidenceDueBy.getTime() !== row.evidenceDueBy?.getTime()
            ? d.evidenceDueBy
            : null;
        if (due || (d.evidenceSubmitted && !row.evidenceSubmitted)) {
          await tx
            .update(disputes)
            .set({
              ...(due ? { evidenceDueBy: due } : {}),
              evidenceSubmitted: row.evidenceSubmitted || d.evidenceSubmitted,
              updatedAt: new Date(),
            })
            .where(eq(disputes.id, row.id));
        }
        actions.push(move.kind);
      }
    }
    if (event.type === "charge.dispute.funds_withdrawn" || event.type === "charge.dispute.funds_reinstated") {
      actions.push(
        await funds(tx, row.id, event.type === "charge.dispute.funds_withdrawn" ? "withdrawn" : "reinstated", eventAt),
      );
    }
    return { action: actions.join("+"), disputeId: row.id };
  });
}

/** The dispute's row, locked; a first event inserts it (concurrent first events: one inserts, the other waits and locks). */
async function lockOrInsert(
  tx: Tx,
  d: GatewayDispute,
  status: DisputeStatus,
): Promise<{ row: DisputeRow; isNew: boolean }> {
  const [existing] = await tx.select().from(disputes).where(eq(disputes.stripeDisputeId, d.id)).for("update");
  if (existing) return { row: existing, isNew: false };
  const payment = await matchPayment(tx, d);
  // Booking, then payment, locked before the dispute exists: a refund starting out on this payment
  // (the refunds_dispute_guard trigger locks it too) either finished before or sees the dispute.
  if (payment) {
    await lockBooking(tx, payment.bookingId);
    await tx
      .select({ id: paymentTransactions.id })
      .from(paymentTransactions)
      .where(eq(paymentTransactions.id, payment.id))
      .for("update");
  }
  const [inserted] = await tx
    .insert(disputes)
    .values({
      bookingId: payment?.bookingId ?? null,
      paymentTransactionId: payment?.id ?? null,
      stripeDisputeId: d.id,
      stripeChargeId: d.chargeId,
      amountMinor: d.amountMinor,
      currency: d.currency,
      reason: d.reason,
      status,
      evidenceDueBy: d.evidenceDueBy,
      evidenceSubmitted: d.evidenceSubmitted,
      outcome: "pending",
      priority: "critical",
    })
    .onConflictDoNothing({ target: disputes.stripeDisputeId })
    .returning();
  if (inserted) return { row: inserted, isNew: true };
  const [row] = await tx.select().from(disputes).where(eq(disputes.stripeDisputeId, d.id)).for("update");
  return { row, isNew: false };
}

/** Our payment behind the disputed charge: by payment intent or charge id (checkout and fee charges alike). */
async function matchPayment(tx: Tx, d: GatewayDispute) {
  const by = [
    ...(d.paymentIntentId ? [eq(paymentTransactions.stripePaymentIntentId, d.paymentIntentId)] : []),
    ...(d.chargeId ? [eq(paymentTransactions.stripeChargeId, d.chargeId)] : []),
  ];
  if (by.length === 0) return null;
  const [p] = await tx
    .select({
      id: paymentTransactions.id,
      bookingId: paymentTransactions.bookingId,
      currency: paymentTransactions.currency,
    })
    .from(paymentTransactions)
    .where(or(...by))
    .limit(1);
  return p ?? null;
}

/** A dispute stored unmatched may match later (the payment row was recorded after the event). */
async function rematch(tx: Tx, row: DisputeRow, d: GatewayDispute) {
  const payment = await matchPayment(tx, d);
  if (!payment) return;
  await tx
    .update(disputes)
    .set({ bookingId: payment.bookingId, paymentTransactionId: payment.id, updatedAt: new Date() })
    .where(eq(disputes.id, row.id));
  row.bookingId = payment.bookingId;
  row.paymentTransactionId = payment.id;
  await enterDisputed(tx, row);
  await flagCrossCurrency(tx, row);
}

/** First sight of a dispute: the booking becomes disputed; `dispute/created` (the escalation function raises the critical alert). */
async function opened(tx: Tx, row: DisputeRow, d: GatewayDispute, eventType: string): Promise<string> {
  const data = {
    disputeId: row.id,
    bookingId: row.bookingId,
    stripeDisputeId: d.id,
    amountMinor: d.amountMinor,
    currency: d.currency,
    reason: d.reason,
    evidenceDueBy: d.evidenceDueBy?.toISOString() ?? null,
    eventType,
  };
  if (!row.bookingId) {
    // Same dedupe key as the escalation rule: the escalation finds this alert and adds its follow-up and channels.
    await raiseAlert(tx, {
      severity: "critical",
      source: "dispute_created",
      dedupeKey: `dispute_created:${row.id}`,
      details: data,
      title: `Unmatched dispute ${d.id}: ${formatMoney(d.amountMinor, d.currency)} (${d.reason}) on ${d.chargeId ?? d.paymentIntentId ?? "an unknown charge"}: no payment of ours matches`,
    });
    await recordEvent(tx, "dispute/created", { ...data, unmatched: true });
    return "created_unmatched";
  }
  await enterDisputed(tx, row);
  await flagCrossCurrency(tx, row);
  await recordEvent(tx, "dispute/created", data);
  return "created";
}

async function enterDisputed(tx: Tx, row: DisputeRow) {
  const booking = await lockBooking(tx, row.bookingId!);
  await tx.update(bookings).set({ disputeId: row.id, hasDispute: true }).where(eq(bookings.id, booking.id));
  if (booking.status === "disputed") return; // another open dispute on the booking already holds it
  if (!bookingTransitions[booking.status].includes("disputed")) {
    await raiseAlert(tx, {
      severity: "high",
      source: "dispute",
      bookingId: booking.id,
      dedupeKey: `dispute_status:${row.id}`,
      details: { disputeId: row.id, status: booking.status },
      title: `Dispute ${row.stripeDisputeId} on a ${booking.status} booking: the booking was not moved to disputed`,
    });
    return;
  }
  await transitionBooking(tx, {
    bookingId: booking.id,
    to: "disputed",
    actor: systemActor("stripe"),
    reason: `Card dispute ${row.stripeDisputeId} opened (${row.reason ?? "no reason given"})`,
  });
}

/**
 * A closed dispute: won (or an inquiry closed) → the booking returns to where it was; lost → the
 * chargeback is recorded as money returned and the booking becomes refunded when nothing paid
 * remains. While another dispute on the booking is open, the booking stays disputed.
 */
async function close(tx: Tx, row: DisputeRow, status: DisputeStatus, eventType: string): Promise<string> {
  const outcome = outcomeOf(status);
  const now = new Date();
  const chargeback = outcome === "lost" ? await recordChargeback(tx, row, now) : { refundId: null, countedMinor: 0 };
  const chargebackRefundId = chargeback.refundId;
  // Refunds this dispute held are owed again (won), or what the chargeback did not return (lost).
  await releaseHeldRefunds(tx, row, now);
  await tx
    .update(disputes)
    .set({ status, outcome, resolvedAt: new Date(), updatedAt: new Date(), chargebackRefundId, priority: "low" })
    .where(eq(disputes.id, row.id));
  if (row.bookingId) await leaveDisputed(tx, row, status, chargeback.countedMinor);
  await recordEvent(tx, "dispute/closed", {
    disputeId: row.id,
    bookingId: row.bookingId,
    status,
    outcome,
    chargebackRefundId,
    amountMinor: row.amountMinor,
    currency: row.currency,
    eventType,
  });
  return `closed_${status}`;
}

async function leaveDisputed(tx: Tx, row: DisputeRow, status: DisputeStatus, countedMinor: number) {
  const booking = await lockBooking(tx, row.bookingId!);
  if (booking.status !== "disputed") return;
  const [other] = await tx
    .select({ id: disputes.id })
    .from(disputes)
    .where(
      and(
        eq(disputes.bookingId, booking.id),
        ne(disputes.id, row.id),
        inArray(disputes.status, [...openDisputeStatuses]),
      ),
    )
    .limit(1);
  if (other) return;
  const [b] = await tx
    .select({ paid: bookings.paidMinor, refunded: bookings.refundedMinor, previous: bookings.previousStatus })
    .from(bookings)
    .where(eq(bookings.id, booking.id));
  const nothingLeft = b.paid > 0 && b.refunded >= b.paid;
  const to = status === "lost" && nothingLeft ? "refunded" : (booking.statusBeforeDispute ?? b.previous ?? "confirmed");
  // The amount actually counted (capped, or none in another currency), not the dispute's own.
  const counted =
    countedMinor > 0
      ? `chargeback of ${formatMoney(countedMinor, row.currency)} counted as returned`
      : "no chargeback counted";
  const differs =
    countedMinor !== row.amountMinor
      ? ` (disputed ${formatMoney(row.amountMinor, row.currency)}; reconcile by hand)`
      : "";
  const why =
    status === "lost"
      ? `Dispute ${row.stripeDisputeId} lost: ${counted}${differs}${to === "refunded" ? ", nothing paid remains" : ""}`
      : `Dispute ${row.stripeDisputeId} ${status === "won" ? "won" : "closed"}: back to ${to}`;
  await transitionBooking(tx, { bookingId: booking.id, to, actor: systemActor("stripe"), reason: why });
}

async function funds(tx: Tx, disputeId: string, what: "withdrawn" | "reinstated", at: Date): Promise<string> {
  const column = what === "withdrawn" ? disputes.fundsWithdrawnAt : disputes.fundsReinstatedAt;
  const [row] = await tx
    .update(disputes)
    .set(what === "withdrawn" ? { fundsWithdrawnAt: at } : { fundsReinstatedAt: at })
    .where(and(eq(disputes.id, disputeId), isNull(column)))
    .returning({ id: disputes.id, bookingId: disputes.bookingId });
  if (!row) return `funds_${what}_duplicate`;
  await recordEvent(tx, `dispute/funds_${what}`, { disputeId, bookingId: row.bookingId, at: at.toISOString() });
  return `funds_${what}`;
}

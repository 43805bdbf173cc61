import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { bookings, paymentTransactions, refunds } from "@/db/schema";
import { formatMoney } from "@/server/domain/money";
import { raiseAlert } from "@/server/services/escalation/raise-alert";
import { oweRefund } from "@/server/services/refunds/owe-refund";
import { cancelHeldForChargeback } from "./held-refunds";

type Dispute = {
  id: string;
  bookingId: string | null;
  paymentTransactionId: string | null;
  stripeDisputeId: string;
  amountMinor: number;
  currency: string;
};

/**
 * A lost dispute's chargeback counts as money returned (docs/architecture.md, "Money"): the bank already took it back
 * from us, so it is recorded as a `refunds` row with reason 'chargeback', status succeeded, no
 * gateway call and no gateway id (written by oweRefund, the one refund writer). The refunds trigger
 * then adds it to the payment's and the booking's refunded amounts, and payments_refunded_within_paid
 * keeps refunds + chargebacks ≤ paid. Refunds held by this dispute owed the same money: they are
 * cancelled for the part the chargeback returns beyond the payment's free room first (issue 23).
 * The amount is capped at what is still unrefunded on the payment and the booking (a refund already
 * paid out on the same charge); a capped, cross-currency or impossible chargeback raises a high
 * alert for a human to reconcile. Idempotent per dispute (idempotency key
 * `chargeback:<stripe dispute id>`). Returns the refund id and the amount actually counted.
 */
export async function recordChargeback(
  tx: Tx,
  d: Dispute,
  now = new Date(),
): Promise<{ refundId: string | null; countedMinor: number }> {
  if (!d.bookingId || !d.paymentTransactionId) return { refundId: null, countedMinor: 0 };
  // Booking, then payment: the order every refund writer locks them in.
  const [b] = await tx
    .select({ reference: bookings.bookingReference })
    .from(bookings)
    .where(eq(bookings.id, d.bookingId))
    .for("update");
  const [p] = await tx
    .select()
    .from(paymentTransactions)
    .where(eq(paymentTransactions.id, d.paymentTransactionId))
    .for("update");
  const key = `chargeback:${d.stripeDisputeId}`;
  const [done] = await tx
    .select({ id: refunds.id, amount: refunds.amountMinor })
    .from(refunds)
    .where(eq(refunds.idempotencyKey, key));
  if (done) return { refundId: done.id, countedMinor: done.amount };
  const sameCurrency = p.currency === d.currency;
  if (sameCurrency)
    await cancelHeldForChargeback(tx, d, d.amountMinor - Math.max(p.amountMinor - p.refundedMinor, 0), now);
  const room = await roomOf(tx, d.bookingId, p.id);
  const amount = sameCurrency ? Math.min(d.amountMinor, room) : 0;
  if (amount < d.amountMinor) {
    await raiseAlert(tx, {
      severity: "high",
      source: "dispute",
      bookingId: d.bookingId,
      dedupeKey: `chargeback_reconcile:${d.id}`,
      details: {
        disputeId: d.id,
        disputedMinor: d.amountMinor,
        disputeCurrency: d.currency,
        recordedMinor: amount,
        unrefundedMinor: room,
        paymentCurrency: p.currency,
      },
      title: !sameCurrency
        ? `Lost dispute ${d.stripeDisputeId} on ${b.reference} is in ${d.currency}, the payment in ${p.currency}: chargeback not recorded, reconcile by hand`
        : `Lost dispute ${d.stripeDisputeId} on ${b.reference}: chargeback ${formatMoney(d.amountMinor, d.currency)} exceeds the unrefunded ${formatMoney(Math.max(room, 0), d.currency)}; recorded ${formatMoney(amount, d.currency)}, check refunds on this payment`,
    });
  }
  if (amount <= 0) return { refundId: null, countedMinor: 0 };
  const [r] = await oweRefund(tx, {
    bookingId: d.bookingId,
    paymentId: p.id,
    amountMinor: amount,
    currency: p.currency,
    key,
    reference: `CB-${b.reference}-${d.id.slice(0, 6).toUpperCase()}`,
    reason: "chargeback",
    requestedBy: "system",
    paid: { status: "succeeded", stripeRefundId: null, stripeStatus: "lost" },
    event: { name: "refund/owed" },
    now,
  });
  return { refundId: r?.id ?? null, countedMinor: r ? amount : 0 };
}

/** What the payment and the booking can still count as returned. */
async function roomOf(tx: Tx, bookingId: string, paymentId: string) {
  const [p] = await tx
    .select({ paid: paymentTransactions.amountMinor, refunded: paymentTransactions.refundedMinor })
    .from(paymentTransactions)
    .where(eq(paymentTransactions.id, paymentId));
  const [b] = await tx
    .select({ paid: bookings.paidMinor, refunded: bookings.refundedMinor })
    .from(bookings)
    .where(eq(bookings.id, bookingId));
  return Math.min(p.paid - p.refunded, b.paid - b.refunded);
}

import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { bookings, paymentTransactions, refunds } from "@/db/schema";
import { formatMoney } from "@/server/domain/money";
import { raiseAlert } from "@/server/services/escalation/raise-alert";

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
 * gateway call and no gateway id. The refunds trigger then adds it to the payment's and the
 * booking's refunded amounts, and their CHECKs keep refunded ≤ paid. The amount is capped at what
 * is still unrefunded on the payment and the booking (a refund already promised on the same
 * charge); a capped or impossible chargeback raises a high alert for a human to reconcile.
 * Idempotent per dispute (idempotency key `chargeback:<stripe dispute id>`). Returns the refund id.
 */
export async function recordChargeback(tx: Tx, d: Dispute): Promise<string | null> {
  if (!d.bookingId || !d.paymentTransactionId) return null;
  const [p] = await tx
    .select()
    .from(paymentTransactions)
    .where(eq(paymentTransactions.id, d.paymentTransactionId))
    .for("update");
  const [b] = await tx
    .select({ reference: bookings.bookingReference, paid: bookings.paidMinor, refunded: bookings.refundedMinor })
    .from(bookings)
    .where(eq(bookings.id, d.bookingId))
    .for("update");
  const key = `chargeback:${d.stripeDisputeId}`;
  const [done] = await tx.select({ id: refunds.id }).from(refunds).where(eq(refunds.idempotencyKey, key));
  if (done) return done.id;
  const room = Math.min(p.amountMinor - p.refundedMinor, b.paid - b.refunded);
  const amount = p.currency === d.currency ? Math.min(d.amountMinor, room) : 0;
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
      title:
        p.currency !== d.currency
          ? `Lost dispute ${d.stripeDisputeId} on ${b.reference} is in ${d.currency}, the payment in ${p.currency}: chargeback not recorded, reconcile by hand`
          : `Lost dispute ${d.stripeDisputeId} on ${b.reference}: chargeback ${formatMoney(d.amountMinor, d.currency)} exceeds the unrefunded ${formatMoney(Math.max(room, 0), d.currency)}; recorded ${formatMoney(amount, d.currency)}, check refunds on this payment`,
    });
  }
  if (amount <= 0) return null;
  const [r] = await tx
    .insert(refunds)
    .values({
      bookingId: d.bookingId,
      paymentTransactionId: p.id,
      refundReference: `CB-${b.reference}-${d.id.slice(0, 6).toUpperCase()}`,
      idempotencyKey: key,
      amountMinor: amount,
      currency: p.currency,
      status: "succeeded",
      reason: "chargeback",
      requestedBy: "system",
      processedAt: new Date(),
      stripeStatus: "lost",
    })
    .returning({ id: refunds.id });
  return r.id;
}

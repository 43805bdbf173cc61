// Refunds held while their payment was under a dispute (issue 23), settled when it closes: won (or
// an inquiry closed) → paid as owed; lost → cancelled for the part the chargeback returned, the
// rest paid. Runs in the dispute's closing transaction, with the payment row locked by the caller.
import { and, asc, eq, inArray, ne } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { cancellationRequests, disputes, refunds } from "@/db/schema";
import { formatMoney } from "@/server/domain/money";
import { openDisputeStatuses } from "@/server/domain/statuses";
import { recordEvent } from "@/server/services/events/record-event";
import { settleRefundEscalations } from "@/server/services/refunds/refund-alerts";

type ClosingDispute = { id: string; stripeDisputeId: string; paymentTransactionId: string | null };

const heldOn = (tx: Tx, paymentId: string) =>
  tx
    .select()
    .from(refunds)
    .where(and(eq(refunds.paymentTransactionId, paymentId), eq(refunds.status, "held")))
    .orderBy(asc(refunds.createdAt), asc(refunds.id))
    .for("update");

/**
 * Owed on the payment and not started: held, or still pending (a refund owed before the dispute
 * opened is only moved to held when a payout tries it, and an override only let one be paid while
 * the dispute was open): unpaid, each is owed the same money the chargeback returned.
 */
const unpaidOn = (tx: Tx, paymentId: string) =>
  tx
    .select()
    .from(refunds)
    .where(and(eq(refunds.paymentTransactionId, paymentId), inArray(refunds.status, ["held", "pending"])))
    .orderBy(asc(refunds.createdAt), asc(refunds.id))
    .for("update");

/**
 * The chargeback returns `returnedMinor` that no free room on the payment can absorb: the held
 * (or not yet started) refunds owed the same money, so they shrink by it (newest last; a refund
 * wholly covered is cancelled). Returns what was cancelled.
 */
export async function cancelHeldForChargeback(tx: Tx, d: ClosingDispute, returnedMinor: number, now: Date) {
  if (!d.paymentTransactionId || returnedMinor <= 0) return 0;
  let left = returnedMinor;
  for (const r of await unpaidOn(tx, d.paymentTransactionId)) {
    if (left <= 0) break;
    const cut = Math.min(left, r.amountMinor);
    left -= cut;
    const why = `Dispute ${d.stripeDisputeId} lost: the chargeback returned ${formatMoney(cut, r.currency)} of it`;
    if (cut === r.amountMinor) {
      await tx
        .update(refunds)
        .set({ status: "cancelled", failureReason: why, nextRetryAt: null, updatedAt: now })
        .where(eq(refunds.id, r.id));
      await tx
        .update(cancellationRequests)
        .set({ refundStatus: "cancelled" })
        .where(eq(cancellationRequests.refundId, r.id));
      // Nothing is owed on it any more: its deadline alerts have nothing left to ask.
      await settleRefundEscalations(tx, r.id, why);
    }
    // The trigger moves the payment's reserved amount with the row's amount.
    else
      await tx
        .update(refunds)
        .set({ amountMinor: r.amountMinor - cut, failureReason: why, updatedAt: now })
        .where(eq(refunds.id, r.id));
    await recordEvent(tx, "refund/cancelled", {
      refundId: r.id,
      bookingId: r.bookingId,
      amountMinor: r.amountMinor - cut,
      currency: r.currency,
      cancelledMinor: cut,
      disputeId: d.id,
      reason: why,
    });
  }
  return returnedMinor - left;
}

/**
 * No open dispute is left on the payment: its held refunds are owed as usual again (pending),
 * and `refund/requested` hands each to the pay-out function. Returns their ids.
 */
export async function releaseHeldRefunds(tx: Tx, d: ClosingDispute, now: Date): Promise<string[]> {
  if (!d.paymentTransactionId) return [];
  const [other] = await tx
    .select({ id: disputes.id })
    .from(disputes)
    .where(
      and(
        eq(disputes.paymentTransactionId, d.paymentTransactionId),
        ne(disputes.id, d.id),
        inArray(disputes.status, [...openDisputeStatuses]),
      ),
    )
    .limit(1);
  if (other) return [];
  const released: string[] = [];
  for (const r of await heldOn(tx, d.paymentTransactionId)) {
    await tx.update(refunds).set({ status: "pending", updatedAt: now }).where(eq(refunds.id, r.id));
    await tx
      .update(cancellationRequests)
      .set({ refundStatus: "pending" })
      .where(eq(cancellationRequests.refundId, r.id));
    await recordEvent(tx, "refund/requested", {
      refundId: r.id,
      bookingId: r.bookingId,
      amountMinor: r.amountMinor,
      currency: r.currency,
      ...(r.cancellationRequestId ? { cancellationId: r.cancellationRequestId } : {}),
    });
    released.push(r.id);
  }
  return released;
}

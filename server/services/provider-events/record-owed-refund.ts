import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { bookingItems, bookings, paymentTransactions, refunds } from "@/db/schema";
import { settleableRefund } from "@/server/domain/money";
import type { ActorKind } from "@/server/domain/actor";
import { recordEvent } from "@/server/services/events/record-event";
import { refundDueBy } from "@/server/services/refunds/refund-due-by";

/**
 * Records an item's whole share as a refund owed (pending, against the booking's charge), inside
 * the caller's transaction: the money issue's refund path pays it out, with this refund's id as
 * the gateway idempotency key. Idempotent per item and cause. Returns the refund id, or null when
 * nothing is owed (a free item, no charge) or it was already recorded.
 */
export async function recordOwedRefund(
  tx: Tx,
  input: { itemId: string; cause: string; requestedBy: ActorKind; policy: string },
) {
  const [item] = await tx.select().from(bookingItems).where(eq(bookingItems.id, input.itemId));
  const [booking] = await tx.select().from(bookings).where(eq(bookings.id, item.bookingId));
  await tx
    .update(bookingItems)
    .set({ refundMinor: item.chargeShareMinor, cancellationFeeMinor: 0 })
    .where(eq(bookingItems.id, item.id));
  const [charge] = await tx
    .select()
    .from(paymentTransactions)
    .where(
      and(
        eq(paymentTransactions.bookingId, booking.id),
        eq(paymentTransactions.kind, "charge"),
        eq(paymentTransactions.status, "succeeded"),
      ),
    )
    .limit(1);
  if (!charge || item.chargeShareMinor <= 0) return null;
  // Settleable (three-decimal currencies move in tens), and never more than is left of the charge.
  const amount = settleableRefund(item.chargeShareMinor, booking.currency, charge.amountMinor - charge.refundedMinor);
  if (amount <= 0) return null;
  const deadline = await refundDueBy(tx, booking.id, new Date(), charge.method);
  const [r] = await tx
    .insert(refunds)
    .values({
      bookingId: booking.id,
      paymentTransactionId: charge.id,
      refundReference: `RF-${booking.bookingReference.slice(3)}-${input.cause.slice(0, 1).toUpperCase()}${item.id.slice(0, 6).toUpperCase()}`,
      idempotencyKey: `refund:${input.cause}:${item.id}`,
      amountMinor: amount,
      currency: booking.currency,
      status: "pending",
      reason: input.cause,
      requestedBy: input.requestedBy,
      breakdown: {
        baseMinor: item.chargeShareMinor,
        cancellationFeeMinor: 0,
        processingFeeMinor: 0,
        finalRefundMinor: amount,
        items: [
          { itemId: item.id, paidMinor: item.chargeShareMinor, feeMinor: 0, refundMinor: amount, policy: input.policy },
        ],
      },
      // The strictest legal deadline that binds it (US DOT, EU 261, Package Travel Directive).
      dueBy: deadline?.dueBy ?? null,
    })
    .onConflictDoNothing({ target: refunds.idempotencyKey })
    .returning({ id: refunds.id });
  if (!r) return null;
  await recordEvent(tx, "refund/owed", {
    refundId: r.id,
    bookingId: booking.id,
    itemId: item.id,
    amountMinor: amount,
    currency: booking.currency,
  });
  return r.id;
}

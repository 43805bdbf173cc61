import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { bookingItems, bookings, paymentTransactions } from "@/db/schema";
import type { ActorKind } from "@/server/domain/actor";
import { oweRefund } from "@/server/services/refunds/owe-refund";

/**
 * Records an item's whole share as a refund owed (pending, or held under a dispute; oweRefund), inside
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
  if (item.chargeShareMinor <= 0) return null;
  const [charge] = await tx
    .select({ id: paymentTransactions.id })
    .from(paymentTransactions)
    .where(
      and(
        eq(paymentTransactions.bookingId, booking.id),
        eq(paymentTransactions.kind, "charge"),
        eq(paymentTransactions.status, "succeeded"),
      ),
    )
    .limit(1);
  if (!charge) return null;
  // The provider has cancelled already: what the payments cannot cover (returned meanwhile another
  // way) is placed as far as it goes, with an alert; oweRefund settles the units and holds a disputed charge.
  const legs = await oweRefund(tx, {
    bookingId: booking.id,
    amountMinor: item.chargeShareMinor,
    currency: booking.currency,
    key: `refund:${input.cause}:${item.id}`,
    reference: `RF-${booking.bookingReference.slice(3)}-${input.cause.slice(0, 1).toUpperCase()}${item.id.slice(0, 6).toUpperCase()}`,
    reason: input.cause,
    requestedBy: input.requestedBy,
    whenShort: "alert",
    breakdown: {
      baseMinor: item.chargeShareMinor,
      cancellationFeeMinor: 0,
      processingFeeMinor: 0,
      finalRefundMinor: item.chargeShareMinor,
      items: [
        {
          itemId: item.id,
          paidMinor: item.chargeShareMinor,
          feeMinor: 0,
          refundMinor: item.chargeShareMinor,
          policy: input.policy,
        },
      ],
    },
    event: { name: "refund/owed", data: { itemId: item.id } },
  });
  return legs[0]?.id ?? null;
}

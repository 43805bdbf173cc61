import { type Actor } from "@/server/domain/actor";
import { and, eq, inArray, notInArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bookingItems, bookings, cancellationRequests } from "@/db/schema";
import { finalItemStatuses } from "@/server/domain/booking-machine";
import { openCancellationStatuses } from "@/server/domain/statuses";
import { raiseAlert } from "@/server/services/escalation/raise-alert";
import { openFollowUp } from "@/server/services/escalation/open-follow-up";
import { recordEvent } from "@/server/services/events/record-event";
import { transitionItem } from "@/server/services/lifecycle";
import { recordOwedRefund } from "./record-owed-refund";

const DAY = 86_400_000;

export type ProviderCancellation = {
  itemId: string;
  actor: Actor;
  reason: string;
  providerEventType?: string;
  providerRawData?: unknown;
  providerEventAt?: Date | null;
};

/**
 * A provider cancelled an item (docs/architecture.md, "Provider cancellations"): in one transaction the item becomes
 * provider_cancelled (the booking's status follows from its items), its full share is recorded as
 * a refund owed (pending: the money issue's refund path pays it out, with the refund id as its
 * idempotency key), the traveler is offered to cancel the items that depend on it without a fee,
 * and a high alert is raised. A repeated or older event changes nothing: no second refund.
 * The rules engine calls this same service.
 */
export async function handleProviderCancellation(db: Db, input: ProviderCancellation) {
  return db.transaction(async (tx) => {
    const moved = await transitionItem(tx, { ...input, to: "provider_cancelled" });
    if (!moved.applied) return { applied: false as const, reason: moved.reason };

    const [item] = await tx.select().from(bookingItems).where(eq(bookingItems.id, input.itemId));
    const [booking] = await tx.select().from(bookings).where(eq(bookings.id, item.bookingId));
    const refundId = await recordOwedRefund(tx, {
      itemId: item.id,
      cause: "provider_cancelled",
      requestedBy: "provider",
      policy: "Provider cancelled: full refund",
    });

    // Items that only make sense with this one: offer to cancel them without a fee.
    const dependents = await tx
      .select({ id: bookingItems.id, share: bookingItems.chargeShareMinor })
      .from(bookingItems)
      .where(and(eq(bookingItems.dependsOnItemId, item.id), notInArray(bookingItems.status, [...finalItemStatuses])));
    let offerId: string | null = null;
    if (dependents.length) {
      const [open] = await tx
        .select({ id: cancellationRequests.id })
        .from(cancellationRequests)
        .where(
          and(
            eq(cancellationRequests.bookingId, booking.id),
            inArray(cancellationRequests.status, [...openCancellationStatuses]),
          ),
        );
      if (open) {
        await openFollowUp(tx, {
          kind: "dependent_items",
          title: `${booking.bookingReference}: offer free cancellation of items depending on the cancelled ${item.category}`,
          dueAt: new Date(Date.now() + DAY),
          priority: "high",
          bookingId: booking.id,
          dedupeKey: `dependent_items:${item.id}`,
          details: { itemId: item.id, dependents: dependents.map((d) => d.id), openCancellation: open.id },
        });
      } else {
        const total = dependents.reduce((s, d) => s + d.share, 0);
        const [offer] = await tx
          .insert(cancellationRequests)
          .values({
            bookingId: booking.id,
            requestedBy: "provider",
            requestReason: `The ${item.category} was cancelled by its provider: connected items can be cancelled free`,
            cancellationType: "partial",
            itemsToCancel: dependents.map((d) => d.id),
            status: "awaiting_confirmation",
            refundCalculation: {
              currency: booking.currency,
              totalEligibleMinor: total,
              cancellationFeeMinor: 0,
              processingFeeMinor: 0,
              refundMinor: total,
              items: dependents.map((d) => ({
                itemId: d.id,
                paidMinor: d.share,
                feeMinor: 0,
                refundMinor: d.share,
                policy: "Waived: a connected item was cancelled by its provider",
              })),
            },
            quoteExpiresAt: new Date(Date.now() + 7 * DAY),
            autoProcessed: true,
            autoProcessReason: "provider_cancelled_dependency",
          })
          .returning({ id: cancellationRequests.id });
        offerId = offer.id;
        await recordEvent(tx, "cancellation/offered", {
          cancellationRequestId: offer.id,
          bookingId: booking.id,
          items: dependents.map((d) => d.id),
        });
      }
    }

    await raiseAlert(tx, {
      severity: "high",
      source: "provider_cancelled",
      title: `${item.providerCode} cancelled the ${item.category} of ${booking.bookingReference}`,
      details: { itemId: item.id, refundId, offerId, amountMinor: item.chargeShareMinor, currency: booking.currency },
      bookingId: booking.id,
      dedupeKey: `provider_cancelled:${item.id}`,
    });
    return {
      applied: true as const,
      bookingStatus: moved.booking.to,
      refundId,
      offerId,
      dependents: dependents.map((d) => d.id),
    };
  });
}

import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  bookingCommunications,
  bookingItems,
  bookings,
  bookingStatusHistory,
  cancellationRequests,
  disputes,
  paymentTransactions,
  providers,
  refunds,
} from "@/db/schema";
import { DomainError } from "@/server/domain/errors";
import type { EvidenceRecord } from "./assemble-evidence";

const str = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : null);

/** Everything the evidence of one dispute draws on, read fresh. A dispute without a booking has no evidence of ours. */
export async function loadEvidenceRecord(db: Db, disputeId: string): Promise<EvidenceRecord> {
  const [d] = await db.select().from(disputes).where(eq(disputes.id, disputeId));
  if (!d) throw new DomainError("not_found", `Dispute ${disputeId} not found`, { disputeId });
  if (!d.bookingId)
    throw new DomainError("invalid", "This dispute matches no booking: there are no records to submit as evidence", {
      disputeId,
      field: "bookingId",
    });
  const bookingId = d.bookingId;
  const [[b], items, history, comms, cancels, refs, pays] = await Promise.all([
    db.select().from(bookings).where(eq(bookings.id, bookingId)),
    db
      .select({ i: bookingItems, providerName: providers.name })
      .from(bookingItems)
      .innerJoin(providers, eq(providers.code, bookingItems.providerCode))
      .where(eq(bookingItems.bookingId, bookingId))
      .orderBy(asc(bookingItems.startAt), asc(bookingItems.id)),
    db
      .select()
      .from(bookingStatusHistory)
      .where(eq(bookingStatusHistory.bookingId, bookingId))
      .orderBy(asc(bookingStatusHistory.createdAt), asc(bookingStatusHistory.id)),
    db
      .select()
      .from(bookingCommunications)
      .where(eq(bookingCommunications.bookingId, bookingId))
      .orderBy(asc(bookingCommunications.createdAt), asc(bookingCommunications.id)),
    db
      .select()
      .from(cancellationRequests)
      .where(eq(cancellationRequests.bookingId, bookingId))
      .orderBy(asc(cancellationRequests.createdAt)),
    db.select().from(refunds).where(eq(refunds.bookingId, bookingId)).orderBy(asc(refunds.createdAt), asc(refunds.id)),
    db
      .select()
      .from(paymentTransactions)
      .where(eq(paymentTransactions.bookingId, bookingId))
      .orderBy(asc(paymentTransactions.createdAt)),
  ]);
  return {
    dispute: {
      id: d.id,
      stripeDisputeId: d.stripeDisputeId,
      amountMinor: d.amountMinor,
      currency: d.currency,
      reason: d.reason,
      status: d.status,
      evidenceDueBy: d.evidenceDueBy,
      createdAt: d.createdAt,
    },
    booking: {
      reference: b.bookingReference,
      status: b.status,
      createdAt: b.createdAt,
      checkoutSessionId: b.checkoutSessionId,
      currency: b.currency,
      totalMinor: b.totalMinor,
      paidMinor: b.paidMinor,
      refundedMinor: b.refundedMinor,
      contact: { name: b.contactInfo.name, email: b.contactEmail },
      travelers: b.travelers.map((t) => ({ firstName: t.firstName, lastName: t.lastName })),
      travelStartAt: b.travelStartAt,
      travelEndAt: b.travelEndAt,
    },
    items: items.map(({ i, providerName }) => ({
      id: i.id,
      category: i.category,
      providerName,
      confirmation: i.providerConfirmationNumber,
      status: i.status,
      title: str(i.itemDetails.title) ?? str(i.itemDetails.name) ?? i.category,
      startAt: i.startAt,
      endAt: i.endAt,
      zone: i.startZone,
      chargeShareMinor: i.chargeShareMinor,
      policy: i.cancellationPolicy ?? null,
    })),
    history: history.map((h) => ({
      at: h.createdAt,
      itemId: h.bookingItemId,
      from: h.fromStatus,
      to: h.toStatus,
      actor: h.changedBy,
      reason: h.changeReason,
      ip: h.ipAddress,
      userAgent: h.userAgent,
    })),
    communications: comms.map((c) => ({
      at: c.createdAt,
      type: c.type,
      channel: c.channel,
      subject: c.subject,
      status: c.status,
      recipient: c.recipientEmail ?? c.recipientPhone,
      sentAt: c.sentAt,
      deliveredAt: c.deliveredAt,
      openedAt: c.openedAt,
    })),
    cancellations: cancels.map((c) => ({
      at: c.createdAt,
      type: c.cancellationType,
      status: c.status,
      requestedBy: c.requestedBy,
      reason: c.requestReason,
      confirmedAt: c.confirmedAt,
      completedAt: c.completedAt,
      quote: c.refundCalculation
        ? {
            cancellationFeeMinor: c.refundCalculation.cancellationFeeMinor,
            processingFeeMinor: c.refundCalculation.processingFeeMinor,
            refundMinor: c.refundCalculation.refundMinor,
            currency: c.refundCalculation.currency,
            items: c.refundCalculation.items.map((i) => ({ itemId: i.itemId, policy: i.policy, feeMinor: i.feeMinor })),
          }
        : null,
    })),
    refunds: refs.map((r) => ({
      at: r.createdAt,
      reference: r.refundReference,
      amountMinor: r.amountMinor,
      currency: r.currency,
      status: r.status,
      reason: r.reason,
      processedAt: r.processedAt,
    })),
    payments: pays.map((p) => ({
      at: p.createdAt,
      kind: p.kind,
      status: p.status,
      method: p.method,
      amountMinor: p.amountMinor,
      currency: p.currency,
    })),
  };
}

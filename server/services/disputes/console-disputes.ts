// The console's dispute workspace: the list (most urgent deadline first) and one dispute with its
// booking, the chargeback refund when lost, and the alerts raised about it.
import { and, asc, desc, eq, inArray, isNull, like, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alerts, bookings, disputes, refunds } from "@/db/schema";
import { DomainError } from "@/server/domain/errors";
import { awaitingEvidenceStatuses, closedDisputeStatuses, openDisputeStatuses } from "@/server/domain/statuses";

export type DisputeFilter = "open" | "needs_evidence" | "closed" | "all";

export async function listDisputes(db: Db, input: { filter?: DisputeFilter; limit?: number } = {}) {
  const filter = input.filter ?? "open";
  const where =
    filter === "all"
      ? undefined
      : filter === "closed"
        ? inArray(disputes.status, [...closedDisputeStatuses])
        : filter === "needs_evidence"
          ? and(
              inArray(disputes.status, [...awaitingEvidenceStatuses]),
              isNull(disputes.evidenceSubmittedAt),
              eq(disputes.evidenceSubmitted, false),
            )
          : inArray(disputes.status, [...openDisputeStatuses]);
  return (
    db
      .select({
        id: disputes.id,
        stripeDisputeId: disputes.stripeDisputeId,
        bookingId: disputes.bookingId,
        reference: bookings.bookingReference,
        status: disputes.status,
        reason: disputes.reason,
        amountMinor: disputes.amountMinor,
        currency: disputes.currency,
        evidenceDueBy: disputes.evidenceDueBy,
        evidenceSubmitted: disputes.evidenceSubmitted,
        deadlineStage: disputes.deadlineStage,
        outcome: disputes.outcome,
        priority: disputes.priority,
        createdAt: disputes.createdAt,
        resolvedAt: disputes.resolvedAt,
      })
      .from(disputes)
      .leftJoin(bookings, eq(bookings.id, disputes.bookingId))
      .where(where)
      // Open ones by deadline (nearest first, none last), then the rest newest first.
      .orderBy(
        sql`${disputes.resolvedAt} is not null`,
        sql`${disputes.evidenceDueBy} is null`,
        asc(disputes.evidenceDueBy),
        desc(disputes.createdAt),
      )
      .limit(Math.min(input.limit ?? 200, 500))
  );
}

export async function getDispute(db: Db, disputeId: string) {
  const [row] = await db
    .select({
      d: disputes,
      booking: {
        id: bookings.id,
        reference: bookings.bookingReference,
        status: bookings.status,
        statusBeforeDispute: bookings.statusBeforeDispute,
        paidMinor: bookings.paidMinor,
        refundedMinor: bookings.refundedMinor,
        currency: bookings.currency,
        contactEmail: bookings.contactEmail,
      },
    })
    .from(disputes)
    .leftJoin(bookings, eq(bookings.id, disputes.bookingId))
    .where(eq(disputes.id, disputeId));
  if (!row) throw new DomainError("not_found", `Dispute ${disputeId} not found`, { disputeId });
  const d = row.d;
  const [chargeback] = d.chargebackRefundId
    ? await db.select().from(refunds).where(eq(refunds.id, d.chargebackRefundId))
    : [];
  const related = await db
    .select({
      id: alerts.id,
      severity: alerts.severity,
      title: alerts.title,
      status: alerts.status,
      createdAt: alerts.createdAt,
    })
    .from(alerts)
    .where(
      or(
        like(alerts.dedupeKey, `dispute_deadline:${d.id}:%`),
        eq(alerts.dedupeKey, `dispute_created:${d.id}`),
        eq(alerts.dedupeKey, `chargeback_reconcile:${d.id}`),
        eq(alerts.dedupeKey, `dispute_status:${d.id}`),
      ),
    )
    .orderBy(desc(alerts.createdAt));
  return {
    id: d.id,
    stripeDisputeId: d.stripeDisputeId,
    stripeChargeId: d.stripeChargeId,
    status: d.status,
    reason: d.reason,
    amountMinor: d.amountMinor,
    currency: d.currency,
    evidenceDueBy: d.evidenceDueBy,
    evidenceSubmitted: d.evidenceSubmitted,
    evidenceSubmittedAt: d.evidenceSubmittedAt,
    evidenceData: d.evidenceData as {
      evidence?: Record<string, string>;
      files?: { field: string; filename: string; bytes: number }[];
      submittedBy?: string;
    } | null,
    outcome: d.outcome,
    priority: d.priority,
    internalNotes: d.internalNotes,
    deadlineStage: d.deadlineStage,
    fundsWithdrawnAt: d.fundsWithdrawnAt,
    fundsReinstatedAt: d.fundsReinstatedAt,
    createdAt: d.createdAt,
    resolvedAt: d.resolvedAt,
    booking: row.booking?.id ? row.booking : null,
    chargeback: chargeback
      ? {
          id: chargeback.id,
          reference: chargeback.refundReference,
          amountMinor: chargeback.amountMinor,
          currency: chargeback.currency,
        }
      : null,
    alerts: related,
  };
}

/** Draft notes for the evidence (kept until submitted; the submission stores the notes it sent). */
export async function saveDisputeNotes(db: Db, input: { disputeId: string; notes: string }) {
  const [row] = await db
    .update(disputes)
    .set({ internalNotes: input.notes.trim() || null, updatedAt: new Date() })
    .where(and(eq(disputes.id, input.disputeId), isNull(disputes.evidenceSubmittedAt)))
    .returning({ id: disputes.id });
  if (row) return { saved: true };
  const [exists] = await db
    .select({ id: disputes.id, at: disputes.evidenceSubmittedAt })
    .from(disputes)
    .where(eq(disputes.id, input.disputeId));
  if (!exists)
    throw new DomainError("not_found", `Dispute ${input.disputeId} not found`, { disputeId: input.disputeId });
  throw new DomainError("conflict", "Evidence was already submitted: its notes can no longer change", {
    disputeId: input.disputeId,
    field: "notes",
  });
}

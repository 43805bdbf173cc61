// The console's dispute workspace: the list (most urgent deadline first) and one dispute with its
// booking, the chargeback refund when lost, and the alerts raised about it.
import { and, asc, desc, eq, isNull, like, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { sqlList } from "@/db/raw-sql";
import { alerts, bookings, disputes, refunds } from "@/db/schema";
import { DomainError } from "@/server/domain/errors";
import { keysetPage, type PageRequest, pageRequest } from "@/server/domain/page-cursor";
import { keyset } from "@/server/services/paging/keyset";
import { countOf, queueTop } from "@/server/services/paging/queue";
import { awaitingEvidenceStatuses, closedDisputeStatuses, openDisputeStatuses } from "@/server/domain/statuses";

export type DisputeFilter = "open" | "needs_evidence" | "closed" | "all";

/** How many of an open queue /ops/disputes shows, and how far it counts the rest beyond them ("and 1,000+ more"). */

const columns = {
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
};

// Status lists as literals, written as the partial indexes' predicates, so the planner proves them
// in generic plans too (db/raw-sql.ts).
const queues = {
  open: sql`${disputes.status} IN ${sqlList(openDisputeStatuses)}`,
  needs_evidence: sql`NOT ${disputes.evidenceSubmitted} AND ${disputes.status} IN ${sqlList(awaitingEvidenceStatuses)} AND ${disputes.evidenceSubmittedAt} IS NULL`,
};

/**
 * The console's dispute list. Open and needs-evidence are queues by deadline, nearest first (none
 * last), read from idx_disputes_open / idx_disputes_awaiting_evidence: the first 100 and how many
 * more (counted up to 1,000); a deadline that may be null does not page soundly. Closed and all are
 * newest first, a keyset page at a time (idx_disputes_closed / idx_disputes_created).
 */
export async function listDisputes(db: Db, input: { filter?: DisputeFilter } & Partial<PageRequest> = {}) {
  const filter = input.filter ?? "open";
  if (filter === "open" || filter === "needs_evidence") {
    const where = queues[filter];
    const top = await queueTop(
      (limit) =>
        db
          .select(columns)
          .from(disputes)
          .leftJoin(bookings, eq(bookings.id, disputes.bookingId))
          .where(where)
          .orderBy(sql`${disputes.evidenceDueBy} asc nulls last`, asc(disputes.id))
          .limit(limit),
      (limit) =>
        countOf(
          db,
          db
            .select({ one: sql`1` })
            .from(disputes)
            .where(where)
            .limit(limit)
            .as("queued"),
        ),
    );
    return { ...top, newer: null, older: null };
  }
  const req = pageRequest(input);
  const page = keyset(req, disputes.createdAt, disputes.id);
  const rows = await db
    .select({ ...columns, pageAt: page.pageAt })
    .from(disputes)
    .leftJoin(bookings, eq(bookings.id, disputes.bookingId))
    .where(
      and(page.where, filter === "closed" ? sql`${disputes.status} IN ${sqlList(closedDisputeStatuses)}` : undefined),
    )
    .orderBy(...page.orderBy)
    .limit(page.limit);
  return { ...keysetPage(rows, req, (r) => ({ at: r.pageAt, id: r.id })), more: 0, moreIsCapped: false };
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

// Evidence from our records, reviewed in the console, then sent to the gateway: assemble (pure),
// render the PDFs, upload and submit (one gateway call, outside any transaction), then a small
// transaction records the submission and `dispute/evidence_submitted`.
import { type Actor, actorLabel } from "@/server/domain/actor";
import { createHash } from "node:crypto";
import { and, eq, isNull, like, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alerts, disputes, manualFollowUps } from "@/db/schema";
import { renderDisputeHistory, renderDisputePolicy } from "@/server/documents/dispute-evidence";
import { renderDocument } from "@/server/documents/render";
import { receipt } from "@/server/documents/views";
import { DomainError } from "@/server/domain/errors";
import { GatewayError, type EvidenceFile, type GatewayDispute, type PaymentGateway } from "@/server/payments";
import { loadBookingSnapshot } from "@/server/services/documents/load-booking-snapshot";
import { actOnAlert } from "@/server/services/escalation/alert-actions";
import { resolveFollowUp } from "@/server/services/escalation/follow-up-actions";
import { recordEvent } from "@/server/services/events/record-event";
import { type AssembledEvidence, assembleEvidence } from "./assemble-evidence";
import { decideDisputeMove, isDisputeStatus } from "@/server/domain/dispute-machine";
import { awaitingEvidenceStatuses, type DisputeStatus } from "@/server/domain/statuses";
import { loadEvidenceRecord } from "./load-evidence-record";

/** Which of our files goes into which of Stripe's evidence file fields. */
export const evidenceFilePlan = [
  {
    field: "uncategorized_file",
    filename: "booking-history.pdf",
    what: "Booking history: status changes, messages, cancellations, refunds, timeline",
  },
  {
    field: "cancellation_policy",
    filename: "cancellation-policy.pdf",
    what: "Cancellation policy per item, and how it was disclosed",
  },
  { field: "receipt", filename: "receipt.pdf", what: "Receipt: charges, payments, fees, refunds" },
] as const;

export type EvidencePreview = AssembledEvidence & { files: typeof evidenceFilePlan; canSubmit: boolean; why?: string };

async function submittable(db: Db, disputeId: string) {
  const [d] = await db.select().from(disputes).where(eq(disputes.id, disputeId));
  if (!d) throw new DomainError("not_found", `Dispute ${disputeId} not found`, { disputeId });
  const open = isDisputeStatus(d.status) && awaitingEvidenceStatuses.includes(d.status);
  const why = d.evidenceSubmitted
    ? "Evidence was already submitted"
    : !open
      ? `The dispute is ${d.status.replaceAll("_", " ")}: evidence can no longer be submitted`
      : undefined;
  return { d, why };
}

/** What would be submitted, for review in the console (the same function builds what is then sent). */
export async function previewEvidence(db: Db, disputeId: string, notes = ""): Promise<EvidencePreview> {
  const { why } = await submittable(db, disputeId);
  const assembled = assembleEvidence(await loadEvidenceRecord(db, disputeId), notes);
  return { ...assembled, files: evidenceFilePlan, canSubmit: !why, ...(why ? { why } : {}) };
}

export async function renderEvidenceFiles(
  db: Db,
  bookingId: string,
  assembled: AssembledEvidence,
): Promise<EvidenceFile[]> {
  const snapshot = await loadBookingSnapshot(db, bookingId);
  const [history, policy, rec] = await Promise.all([
    renderDisputeHistory(assembled.view),
    renderDisputePolicy(assembled.view),
    snapshot ? renderDocument(receipt(snapshot)) : Promise.resolve(null),
  ]);
  const bytes: Record<string, Buffer | null> = {
    uncategorized_file: history,
    cancellation_policy: policy,
    receipt: rec,
  };
  return evidenceFilePlan
    .filter((f) => bytes[f.field])
    .map((f) => ({
      field: f.field,
      filename: f.filename,
      contentType: "application/pdf",
      data: new Uint8Array(bytes[f.field]!),
    }));
}

export type SubmitEvidenceInput = { disputeId: string; notes?: string; actor: Actor; gateway: PaymentGateway };

/**
 * Submits the evidence once. A double click, or a retry after the gateway accepted an earlier
 * attempt, records the submission once (the update is guarded on evidence_submitted_at, which only
 * this writes: the webhook's `updated` may already have set evidence_submitted); a gateway that refuses because the
 * evidence is already in is asked for the dispute and the submission recorded from its answer.
 */
export async function submitEvidence(db: Db, input: SubmitEvidenceInput) {
  const { d, why } = await submittable(db, input.disputeId);
  if (d.evidenceSubmittedAt) return { disputeId: d.id, status: d.status, submitted: true, alreadySubmitted: true };
  if (why) throw new DomainError("conflict", why, { disputeId: d.id, status: d.status });
  const notes = (input.notes ?? "").trim();
  const assembled = assembleEvidence(await loadEvidenceRecord(db, d.id), notes);
  const files = await renderEvidenceFiles(db, d.bookingId!, assembled);
  const hash = createHash("sha256").update(JSON.stringify(assembled.evidence));
  for (const f of files) hash.update(f.data);
  const idempotencyKey = `dispute_evidence:${d.id}:${hash.digest("hex").slice(0, 16)}`;

  let answer: GatewayDispute;
  try {
    answer = await input.gateway.submitDisputeEvidence(d.stripeDisputeId, assembled.evidence, files, {
      idempotencyKey,
    });
  } catch (e) {
    if (!(e instanceof GatewayError)) throw e;
    // The gateway may have taken an earlier attempt whose answer we never saw.
    const now = await input.gateway.retrieveDispute(d.stripeDisputeId).catch(() => null);
    if (!now?.evidenceSubmitted) {
      if (e.retryable)
        throw new DomainError("provider_unavailable", `The payment gateway did not answer: try again (${e.message})`, {
          disputeId: d.id,
        });
      throw new DomainError("invalid", `The payment gateway refused the evidence: ${e.message}`, {
        disputeId: d.id,
        code: e.code,
        ...(e.details ?? {}),
      });
    }
    answer = now;
  }

  const recorded = await db.transaction(async (tx) => {
    const [row] = await tx.select().from(disputes).where(eq(disputes.id, d.id)).for("update");
    const next =
      isDisputeStatus(answer.status) && decideDisputeMove(row.status as DisputeStatus, answer.status).kind === "advance"
        ? answer.status
        : row.status;
    const [done] = await tx
      .update(disputes)
      .set({
        evidenceSubmitted: true,
        evidenceSubmittedAt: new Date(),
        status: next,
        internalNotes: notes || row.internalNotes,
        updatedAt: new Date(),
        evidenceData: {
          evidence: assembled.evidence,
          files: files.map((f) => ({ field: f.field, filename: f.filename, bytes: f.data.byteLength })),
          submittedBy: actorLabel(input.actor),
          idempotencyKey,
        },
      })
      .where(and(eq(disputes.id, d.id), isNull(disputes.evidenceSubmittedAt)))
      .returning({ id: disputes.id, status: disputes.status });
    if (!done) return { disputeId: d.id, status: row.status, submitted: true, alreadySubmitted: true };
    await recordEvent(tx, "dispute/evidence_submitted", {
      disputeId: d.id,
      bookingId: d.bookingId,
      by: input.actor,
      status: done.status,
      files: files.map((f) => f.field),
    });
    return { disputeId: d.id, status: done.status, submitted: true, alreadySubmitted: false };
  });
  if (!recorded.alreadySubmitted) await closeDeadlineReminders(db, d.id, input.actor);
  return recorded;
}

/**
 * The deadline function's alerts and follow-up for this dispute are done with once evidence is in.
 * Each is resolved through the escalation service (its history and event); a failure here leaves
 * them open for a human, never the submission unrecorded.
 */
async function closeDeadlineReminders(db: Db, disputeId: string, actor: Actor) {
  const open = await db
    .select({ id: alerts.id })
    .from(alerts)
    .where(and(like(alerts.dedupeKey, `dispute_deadline:${disputeId}:%`), ne(alerts.status, "resolved")));
  for (const a of open) await actOnAlert(db, { alertId: a.id, action: "resolve", actor, note: "Evidence submitted" });
  const [f] = await db
    .select({ id: manualFollowUps.id })
    .from(manualFollowUps)
    .where(and(eq(manualFollowUps.dedupeKey, `dispute_evidence:${disputeId}`), eq(manualFollowUps.resolved, false)));
  if (f) await resolveFollowUp(db, { followUpId: f.id, note: "Evidence submitted", actor });
}

// The local gateway's disputes and evidence: evidence files (uploadFile), submitting evidence,
// retrieving a dispute, and for the demo and tests the cardholder opening one (createLocalDispute)
// and the card network closing it (closeLocalDispute).
import { eq, or } from "drizzle-orm";
import type Stripe from "stripe";
import type { Db } from "@/db/client";
import { localGatewayDisputes, localGatewayFiles, localGatewayPaymentIntents } from "@/db/schema";
import { awaitingEvidenceStatuses, type DisputeStatus } from "@/server/domain/statuses";
import { GatewayError } from "./errors";
import { type DisputeEvidence, type EvidenceFile, evidenceFileFields, type PaymentGateway } from "./gateway";
import { notFound } from "./local-idempotency";
import { disputeJson, emitEvent, newId } from "./local-objects";
import { mapDispute } from "./stripe-gateway";

/** The gateway's evidence file and dispute methods. */
export function localDisputeMethods(
  db: Db,
): Pick<PaymentGateway, "uploadFile" | "submitDisputeEvidence" | "retrieveDispute"> {
  async function uploadFile(file: Omit<EvidenceFile, "field">) {
    const id = newId("file");
    await db.insert(localGatewayFiles).values({
      id,
      purpose: "dispute_evidence",
      filename: file.filename,
      contentType: file.contentType,
      size: file.data.byteLength,
      data: Buffer.from(file.data),
    });
    return { fileId: id };
  }

  return {
    uploadFile: (file) => uploadFile(file),

    async submitDisputeEvidence(disputeId: string, evidence: DisputeEvidence, files: EvidenceFile[] = []) {
      const withFiles: Record<string, unknown> = { ...evidence };
      for (const f of files) withFiles[f.field] = (await uploadFile(f)).fileId;
      return db.transaction(async (tx) => {
        const [d] = await tx
          .select()
          .from(localGatewayDisputes)
          .where(eq(localGatewayDisputes.id, disputeId))
          .for("update");
        if (!d) throw notFound("dispute", disputeId);
        if (!awaitingEvidenceStatuses.includes(d.status as DisputeStatus)) {
          throw new GatewayError(
            "invalid",
            `Dispute ${disputeId} is ${d.status}: evidence can no longer be submitted`,
            "dispute_already_submitted",
          );
        }
        for (const field of evidenceFileFields) {
          const v = withFiles[field];
          if (typeof v !== "string") continue;
          const [file] = await tx
            .select({ id: localGatewayFiles.id })
            .from(localGatewayFiles)
            .where(eq(localGatewayFiles.id, v));
          if (!file)
            throw new GatewayError("invalid", `No such file for evidence[${field}]: ${v}`, "resource_missing", {
              field: `evidence.${field}`,
            });
        }
        const [upd] = await tx
          .update(localGatewayDisputes)
          .set({
            evidence: { ...d.evidence, ...withFiles },
            submissionCount: d.submissionCount + 1,
            updatedAt: new Date(),
            status: d.status === "warning_needs_response" ? "warning_under_review" : "under_review",
          })
          .where(eq(localGatewayDisputes.id, disputeId))
          .returning();
        await emitEvent(tx, "charge.dispute.updated", disputeJson(upd));
        return mapDispute(disputeJson(upd) as unknown as Stripe.Dispute);
      });
    },

    async retrieveDispute(id) {
      const [d] = await db.select().from(localGatewayDisputes).where(eq(localGatewayDisputes.id, id));
      if (!d) throw notFound("dispute", id);
      return mapDispute(disputeJson(d) as unknown as Stripe.Dispute);
    },
  };
}

/** Demo and tests: the cardholder disputes a charge (Stripe sends `charge.dispute.created`). */
export async function createLocalDispute(
  db: Db,
  d: { paymentIntentId: string; amountMinor?: number; reason?: string; evidenceDueInDays?: number; warning?: boolean },
) {
  return db.transaction(async (tx) => {
    const [pi] = await tx
      .select()
      .from(localGatewayPaymentIntents)
      .where(
        or(
          eq(localGatewayPaymentIntents.id, d.paymentIntentId),
          eq(localGatewayPaymentIntents.chargeId, d.paymentIntentId),
        ),
      );
    if (!pi) throw notFound("payment_intent", d.paymentIntentId);
    const [row] = await tx
      .insert(localGatewayDisputes)
      .values({
        id: newId("dp"),
        paymentIntentId: pi.id,
        chargeId: pi.chargeId,
        amountMinor: d.amountMinor ?? pi.amountReceivedMinor,
        currency: pi.currency,
        reason: d.reason ?? "fraudulent",
        status: d.warning ? "warning_needs_response" : "needs_response",
        evidenceDueBy: new Date(Date.now() + (d.evidenceDueInDays ?? 7) * 86_400_000),
      })
      .returning();
    await emitEvent(tx, "charge.dispute.created", disputeJson(row));
    return mapDispute(disputeJson(row) as unknown as Stripe.Dispute);
  });
}

/** Demo and tests: the card network decides (Stripe sends `charge.dispute.closed`). */
export async function closeLocalDispute(db: Db, disputeId: string, outcome: "won" | "lost") {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(localGatewayDisputes)
      .set({ status: outcome, updatedAt: new Date() })
      .where(eq(localGatewayDisputes.id, disputeId))
      .returning();
    if (!row) throw notFound("dispute", disputeId);
    await emitEvent(tx, "charge.dispute.closed", disputeJson(row));
    return mapDispute(disputeJson(row) as unknown as Stripe.Dispute);
  });
}

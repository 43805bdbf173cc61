import { opsActor } from "@/server/domain/actor";
// Evidence from our records: Stripe's fields with the policy, its disclosure, dates and names; the
// booking history PDF read back with unpdf (an XSS payload in a name is printed as text); submission
// through the local gateway (evidence and files stored there, dispute under review, recorded once).
import { and, eq, like, sql } from "drizzle-orm";
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import {
  alerts,
  bookingStatusHistory,
  cancellationRequests,
  manualFollowUps,
  disputes,
  localGatewayDisputes,
  localGatewayFiles,
  outbox,
  refunds,
} from "@/db/schema";
import { renderDisputeHistory, renderDisputePolicy } from "@/server/documents/dispute-evidence";
import { createLocalGateway, createLocalDispute } from "@/server/payments/local-gateway";
import { createTestDb } from "@/tests/db";
import { assembleEvidence, clip, policyLines } from "./assemble-evidence";
import { checkDisputeDeadlines } from "./check-deadlines";
import { handleDisputeEvent } from "./handle-dispute-event";
import { loadEvidenceRecord } from "./load-evidence-record";
import { previewEvidence, submitEvidence } from "./submit-evidence";
import { gatewayEventsOf, insertDisputableBooking, testPolicy } from "@/tests/fixtures/disputes";

const db = await createTestDb();
const gateway = createLocalGateway(db, { webhookSecret: "whsec_disputes_test" });
const xss = { firstName: `<script>alert("x")</script>`, lastName: `<img src=x onerror=alert(1)> & "Co"` };

async function pdfText(bytes: Uint8Array) {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  return text.normalize("NFKC");
}

async function disputed(opts: Parameters<typeof insertDisputableBooking>[1] = {}) {
  const b = await insertDisputableBooking(db, opts);
  const gd = await createLocalDispute(db, {
    paymentIntentId: b.paymentIntentId,
    reason: "credit_not_processed",
    evidenceDueInDays: 6,
  });
  const { disputeId } = await handleDisputeEvent(db, (await gatewayEventsOf(db, gd.id))[0]);
  return { b, gd, disputeId: disputeId! };
}

/** A confirmed partial cancellation with a fee, as the cancellation flow leaves it. */
async function cancelWithFee(b: Awaited<ReturnType<typeof insertDisputableBooking>>) {
  const quote = {
    currency: "EUR",
    totalEligibleMinor: 80_000,
    cancellationFeeMinor: 40_000,
    processingFeeMinor: 0,
    refundMinor: 40_000,
    items: [
      { itemId: b.itemId, paidMinor: 80_000, feeMinor: 40_000, refundMinor: 40_000, policy: "50% fee from 1 May 2031" },
    ],
  };
  const at = new Date(Date.now() - 5 * 86_400_000);
  await db.insert(cancellationRequests).values({
    bookingId: b.bookingId,
    requestedBy: "traveler",
    requestReason: "Change of plans",
    cancellationType: "full",
    status: "completed",
    refundCalculation: quote,
    createdAt: at,
    confirmedAt: new Date(at.getTime() + 120_000),
    completedAt: new Date(at.getTime() + 600_000),
  });
  await db.insert(refunds).values({
    bookingId: b.bookingId,
    paymentTransactionId: b.paymentId,
    refundReference: `RF-${b.reference}`,
    idempotencyKey: `refund:${b.reference}`,
    amountMinor: 40_000,
    currency: "EUR",
    status: "succeeded",
    reason: "Traveler cancellation",
    processedAt: new Date(at.getTime() + 900_000),
    createdAt: at,
  });
  await db.insert(bookingStatusHistory).values({
    bookingId: b.bookingId,
    fromStatus: "confirmed",
    toStatus: "cancelled",
    changedBy: "traveler",
    changeReason: "Traveler cancelled",
    ipAddress: "203.0.113.7",
    userAgent: "Mozilla/5.0 Test",
    createdAt: at,
  });
}

describe("evidence assembly", () => {
  it("fills Stripe's fields from our records: customer, service dates, product, policy disclosure, refusal, timeline", async () => {
    const { b, disputeId } = await disputed();
    await cancelWithFee(b);
    const record = await loadEvidenceRecord(db, disputeId);
    const { evidence, view } = assembleEvidence(record, "Traveler cancelled inside the 50% window.");
    expect(evidence.customer_name).toBe("Ana Silva");
    expect(evidence.customer_email_address).toBe(record.booking.contact.email);
    // The stay's dates in the hotel's zone (Lisbon), not UTC.
    expect(evidence.service_date).toBe("2031-06-01 to 2031-06-05");
    expect(evidence.product_description).toContain(b.reference);
    expect(evidence.product_description).toContain("Casa do Rio, Lisbon");
    expect(evidence.product_description).toContain("€800.00");
    expect(evidence.cancellation_policy_disclosure).toContain("presented at checkout before payment");
    expect(evidence.cancellation_policy_disclosure).toMatch(
      /confirmation e-mail with the policy was sent to .* delivered .* opened /,
    );
    expect(evidence.refund_refusal_explanation).toContain("quote confirmed by the traveler");
    expect(evidence.refund_refusal_explanation).toContain(
      "fee €400.00 retained under the policy (50% fee from 1 May 2031)",
    );
    expect(evidence.refund_refusal_explanation).toContain(`Refund RF-${b.reference} of €400.00 sent`);
    expect(evidence.cancellation_rebuttal).toBe(evidence.refund_refusal_explanation);
    expect(evidence.access_activity_log).toContain("confirmation email (email)");
    expect(evidence.access_activity_log).toContain("traveler action: cancelled from 203.0.113.7 (Mozilla/5.0 Test)");
    expect(
      evidence.uncategorized_text!.startsWith("Notes from our team:\nTraveler cancelled inside the 50% window."),
    ).toBe(true);
    expect(evidence.uncategorized_text).toMatch(/Timeline \(UTC\):\n.*Booking DSP-\w+ created/);
    expect(evidence.uncategorized_text).toContain("Card dispute");
    // Only Stripe's own field names, only strings.
    const stripeTextFields = [
      "access_activity_log",
      "cancellation_policy_disclosure",
      "cancellation_rebuttal",
      "customer_email_address",
      "customer_name",
      "product_description",
      "refund_policy_disclosure",
      "refund_refusal_explanation",
      "service_date",
      "uncategorized_text",
    ];
    for (const [k, v] of Object.entries(evidence)) {
      expect(stripeTextFields).toContain(k);
      expect(typeof v).toBe("string");
    }
    expect(view.policies[0].lines).toEqual(policyLines(testPolicy, "EUR"));
    expect(view.policies[0].lines[1]).toBe(
      "From 2031-05-01 00:00 (Europe/Lisbon): fee of 50% of the item's price. 50% fee from 1 May 2031",
    );
  });

  it("no refusal explanation while nothing was cancelled and travel has not happened; long text is cut with a pointer", async () => {
    const { disputeId } = await disputed();
    const { evidence } = assembleEvidence(await loadEvidenceRecord(db, disputeId));
    expect(evidence.refund_refusal_explanation).toBeUndefined();
    expect(evidence.cancellation_rebuttal).toBeUndefined();
    const long = clip("x".repeat(10_000), 500);
    expect(long).toHaveLength(500);
    expect(long.endsWith("(continued in the attached booking history PDF)")).toBe(true);
    expect(policyLines({ ...testPolicy, refundable: false }, "EUR")).toEqual([
      "Non-refundable: cancelling returns nothing.",
    ]);
  });

  it("the history and policy PDFs carry names, dates and policy text; an XSS payload is printed as text", async () => {
    const { b, disputeId } = await disputed({
      travelers: [
        { ...xss, type: "adult" },
        { firstName: "Lucía", lastName: "García", type: "adult" },
      ],
    });
    await cancelWithFee(b);
    const { view, evidence } = assembleEvidence(
      await loadEvidenceRecord(db, disputeId),
      `Call notes: <b>bold</b> claim`,
    );
    expect(evidence.customer_name).toBe(`${xss.firstName} ${xss.lastName}`); // raw: Stripe shows text, it does not render HTML
    const history = await pdfText(await renderDisputeHistory(view));
    expect(history).toContain(xss.firstName);
    expect(history).toContain(`<img src=x onerror=alert(1)> & "Co"`);
    expect(history).toContain("Lucía García");
    expect(history).toContain("Call notes: <b>bold</b> claim");
    expect(history).toContain(b.reference);
    expect(history).toContain("STATUS HISTORY"); // section titles are upper-cased by the layout
    expect(history).toContain("confirmed to cancelled");
    expect(history).toContain("Full cancellation requested by the traveler: completed");
    expect(history).toContain(`RF-${b.reference}: €400.00 succeeded`);
    expect(history).toContain("2031-06-01 15:00 (Europe/Lisbon)"); // 14:00 UTC in Lisbon summer time
    const policy = await pdfText(await renderDisputePolicy(view));
    expect(policy).toContain("From 2031-05-28 00:00 (Europe/Lisbon): fee of the full price (no refund)");
    expect(policy).toContain("presented at checkout before payment");
  }, 60_000);
});

describe("submitting", () => {
  it("submits through the local gateway: text fields and three PDF files stored there, dispute under review, recorded once", async () => {
    const { b, gd, disputeId } = await disputed();
    await cancelWithFee(b);
    // The deadline function got there first: a critical alert and a follow-up, resolved by the submission.
    const [due] = await db.select({ at: disputes.evidenceDueBy }).from(disputes).where(eq(disputes.id, disputeId));
    await checkDisputeDeadlines(db, { now: new Date(due.at!.getTime() - 10 * 3_600_000) });
    expect(
      (
        await db
          .select()
          .from(alerts)
          .where(like(alerts.dedupeKey, `dispute_deadline:${disputeId}:%`))
      ).map((a) => [a.severity, a.status]),
    ).toEqual([["critical", "open"]]);
    const preview = await previewEvidence(db, disputeId, "Please see the confirmed quote.");
    expect(preview.canSubmit).toBe(true);
    const [first, second] = await Promise.all([
      submitEvidence(db, {
        disputeId,
        notes: "Please see the confirmed quote.",
        actor: opsActor("founder@example.com"),
        gateway,
      }),
      submitEvidence(db, {
        disputeId,
        notes: "Please see the confirmed quote.",
        actor: opsActor("founder@example.com"),
        gateway,
      }),
    ]);
    expect([first.alreadySubmitted, second.alreadySubmitted].sort()).toEqual([false, true]);
    const [atGateway] = await db.select().from(localGatewayDisputes).where(eq(localGatewayDisputes.id, gd.id));
    expect(atGateway.status).toBe("under_review");
    expect(atGateway.submissionCount).toBe(1);
    const ev = atGateway.evidence as Record<string, string>;
    expect(ev.customer_name).toBe("Ana Silva");
    expect(ev.refund_refusal_explanation).toContain("fee €400.00 retained");
    expect(ev.uncategorized_text).toContain("Please see the confirmed quote.");
    for (const field of ["uncategorized_file", "cancellation_policy", "receipt"]) {
      const [file] = await db.select().from(localGatewayFiles).where(eq(localGatewayFiles.id, ev[field]));
      expect(file).toMatchObject({ purpose: "dispute_evidence", contentType: "application/pdf" });
      expect(file.size).toBeGreaterThan(1_000);
    }
    const [receiptFile] = await db.select().from(localGatewayFiles).where(eq(localGatewayFiles.id, ev.receipt));
    expect(await pdfText(receiptFile.data)).toContain("Receipt");
    const [row] = await db.select().from(disputes).where(eq(disputes.id, disputeId));
    expect(row).toMatchObject({
      status: "under_review",
      evidenceSubmitted: true,
      internalNotes: "Please see the confirmed quote.",
    });
    expect(row.evidenceSubmittedAt).not.toBeNull();
    expect(row.evidenceData).toMatchObject({
      submittedBy: "founder@example.com",
      evidence: { customer_name: "Ana Silva" },
    });
    const events = await db
      .select()
      .from(outbox)
      .where(and(eq(outbox.name, "dispute/evidence_submitted"), sql`${outbox.data}->>'disputeId' = ${disputeId}`));
    expect(events).toHaveLength(1);
    expect(
      (
        await db
          .select()
          .from(alerts)
          .where(like(alerts.dedupeKey, `dispute_deadline:${disputeId}:%`))
      ).map((a) => [a.status, a.resolvedBy]),
    ).toEqual([["resolved", "founder@example.com"]]);
    expect(
      (
        await db
          .select()
          .from(manualFollowUps)
          .where(eq(manualFollowUps.dedupeKey, `dispute_evidence:${disputeId}`))
      )[0],
    ).toMatchObject({ resolved: true, resolution: "Evidence submitted" });
    // The gateway's own `updated` event then arrives: a duplicate of what we recorded.
    const updated = (await gatewayEventsOf(db, gd.id)).at(-1)!;
    expect(updated.type).toBe("charge.dispute.updated");
    expect((await handleDisputeEvent(db, updated)).action).toBe("duplicate");
    // Once under review, the console cannot submit again.
    expect((await previewEvidence(db, disputeId)).canSubmit).toBe(false);
    expect(
      (await submitEvidence(db, { disputeId, actor: opsActor("founder@example.com"), gateway })).alreadySubmitted,
    ).toBe(true);
  }, 60_000);

  it("refuses a closed dispute, an unmatched one and an unknown id with clear errors, and changes nothing", async () => {
    const { disputeId } = await disputed();
    await db.update(disputes).set({ status: "lost" }).where(eq(disputes.id, disputeId));
    await expect(submitEvidence(db, { disputeId, actor: opsActor("ops"), gateway })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("lost"),
    });
    await expect(
      submitEvidence(db, { disputeId: "00000000-0000-4000-8000-000000000000", actor: opsActor("ops"), gateway }),
    ).rejects.toMatchObject({ code: "not_found" });
    const [row] = await db
      .insert(disputes)
      .values({
        stripeDisputeId: `dp_unmatched_${disputeId}`,
        amountMinor: 100,
        currency: "EUR",
        status: "needs_response",
      })
      .returning();
    await expect(submitEvidence(db, { disputeId: row.id, actor: opsActor("ops"), gateway })).rejects.toMatchObject({
      code: "invalid",
    });
    const [after] = await db.select().from(disputes).where(eq(disputes.id, disputeId));
    expect(after.evidenceSubmitted).toBe(false);
  });

  it("a gateway refusal becomes a 4xx-mapped domain error and nothing is recorded", async () => {
    const { gd, disputeId } = await disputed();
    // The dispute was answered elsewhere (the Stripe dashboard) and then closed: the gateway refuses.
    await db.update(localGatewayDisputes).set({ status: "won" }).where(eq(localGatewayDisputes.id, gd.id));
    await expect(submitEvidence(db, { disputeId, actor: opsActor("ops"), gateway })).rejects.toMatchObject({
      code: "invalid",
      message: expect.stringContaining("refused"),
    });
    const [row] = await db.select().from(disputes).where(eq(disputes.id, disputeId));
    expect(row.evidenceSubmittedAt).toBeNull();
  }, 60_000);
});

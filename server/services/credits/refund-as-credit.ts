// Refund legs paid to the travel-credit ledger, never to the gateway: a leg on a `credit` tender
// (credit goes back as credit, server/domain/tenders.ts), and a card leg of a cancellation whose
// signed-in owner chose credit instead (refund-choice.ts), with the founder's bonus. In one
// transaction: the grant(s) and the refund recorded succeeded by the same writer as a gateway's
// answer (its event, the traveler's message, the booking refunded when all is back).
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { sqlList } from "@/db/raw-sql";
import { creditEntries, creditRefundChoices, paymentTransactions, refunds } from "@/db/schema";
import { CREDIT_VALIDITY_MS, creditBonus } from "@/server/domain/credits/ledger";
import { openDisputeStatuses, type paymentMethods } from "@/server/domain/statuses";
import { isGatewayTender } from "@/server/domain/tenders";
import { raiseAlert } from "@/server/services/escalation/raise-alert";
import type { PayOutResult, recordGatewayAnswer } from "@/server/services/refunds/pay-out-refund";
import { grantCredit } from "./ledger";

type Method = (typeof paymentMethods)[number];

/**
 * Whether this leg is paid to the ledger. A card leg under an open dispute is not: the card path
 * holds it, so credit and a chargeback can never both pay the same money.
 */
export async function paysToLedger(db: Db, refundId: string, method: Method): Promise<boolean> {
  if (method === "credit") return true;
  if (!isGatewayTender(method)) return false;
  const rows = await db.execute(sql`
    select 1 from refunds r join credit_refund_choices c on c.cancellation_request_id = r.cancellation_request_id
    where r.id = ${refundId} and not exists (select 1 from disputes d
      where d.payment_transaction_id = r.payment_transaction_id and d.status in ${sqlList(openDisputeStatuses)})`);
  return rows.length > 0;
}

/**
 * Pays one such leg. `settle` is the refunds' own writer of a succeeded answer (pay-out-refund.ts
 * passes its recordGatewayAnswer: one rule for what a paid refund does, without an import cycle).
 */
export async function payCreditRefund(
  db: Db,
  refundId: string,
  settle: typeof recordGatewayAnswer,
  now = new Date(),
): Promise<PayOutResult> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ r: refunds, method: paymentTransactions.method })
      .from(refunds)
      .innerJoin(paymentTransactions, eq(paymentTransactions.id, refunds.paymentTransactionId))
      .where(eq(refunds.id, refundId))
      .for("update", { of: refunds });
    if (!row) return { status: "skipped", refundId, current: "missing" };
    const r = row.r;
    if (r.status !== "pending" && r.status !== "failed") return { status: "skipped", refundId, current: r.status };
    const to = row.method === "credit" ? await tenderAccount(tx, r.paymentTransactionId) : await chosenBy(tx, r);
    if (!to) {
      await raiseAlert(tx, {
        severity: "high",
        source: "refund_failed",
        title: `Refund ${r.refundReference}: no account to credit (its credit tender has no ledger capture)`,
        details: { refundId: r.id, paymentId: r.paymentTransactionId },
        bookingId: r.bookingId,
        dedupeKey: `refund_failed:${r.id}`,
      });
      return { status: "skipped", refundId, current: r.status };
    }
    const grant = {
      userId: to.userId,
      currency: r.currency,
      expiresAt: new Date(now.getTime() + CREDIT_VALIDITY_MS),
      actor: "system:refunds",
      refundId: r.id,
      paymentTransactionId: r.paymentTransactionId,
      note: `Refund ${r.refundReference}`,
    };
    const grantId = await grantCredit(tx, { ...grant, kind: "refund_as_credit", amountMinor: r.amountMinor });
    const bonus = creditBonus(r.amountMinor, to.bonusBps);
    if (bonus > 0) await grantCredit(tx, { ...grant, kind: "bonus", amountMinor: bonus });
    // Pending straight to succeeded: nothing is in flight outside this transaction.
    await settle(tx, r.id, { gatewayRefundId: `ledger:${grantId}`, status: "succeeded" });
    return { status: "succeeded", refundId, gatewayRefundId: `ledger:${grantId}` };
  });
}

/** The account whose credit paid this tender (a hold captured at intake, or a change fee spent); no bonus. */
async function tenderAccount(tx: Tx, paymentId: string) {
  const [e] = await tx
    .select({ userId: creditEntries.userId })
    .from(creditEntries)
    .where(and(eq(creditEntries.paymentTransactionId, paymentId), inArray(creditEntries.kind, ["capture", "spend"])))
    .limit(1);
  return e ? { userId: e.userId, bonusBps: 0 } : null;
}

/** The owner who chose credit for this refund's cancellation, with the bonus in force then. */
async function chosenBy(tx: Tx, r: typeof refunds.$inferSelect) {
  if (!r.cancellationRequestId) return null;
  const [c] = await tx
    .select({ userId: creditRefundChoices.userId, bonusBps: creditRefundChoices.bonusBps })
    .from(creditRefundChoices)
    .where(eq(creditRefundChoices.cancellationRequestId, r.cancellationRequestId));
  return c ?? null;
}

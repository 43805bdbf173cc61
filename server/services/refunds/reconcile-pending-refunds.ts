// Refunds the gateway answered "pending" are asked about again on a schedule: a lost or late
// webhook can no longer leave one in `processing` for ever. The answer is recorded through
// recordRefundAnswer, the webhook's own path, so the two can never disagree.
import { and, asc, eq, isNotNull, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { refunds } from "@/db/schema";
import { GatewayError, paymentGateway, type GatewayRefundStatus, type PaymentGateway } from "@/server/payments";
import { advanceDeadlineAlert } from "./check-refund-deadlines";
import { recordRefundAnswer } from "./handle-refund-event";

/**
 * A pending refund is left alone this long after its last change: Stripe settles most card refunds
 * within minutes and tells us by webhook; asking sooner would only race that webhook.
 */
export const PENDING_GRACE_MS = 30 * 60_000;

export type ReconcileResult = Record<GatewayRefundStatus, number> & { unreachable: number; escalated: number };

/**
 * Asks the gateway about every refund in `processing` with a gateway refund id and no change for
 * PENDING_GRACE_MS, a keyset page at a time (oldest first, over idx_refunds_status); each gateway
 * call runs outside any transaction and each answer is recorded in its own. A refund the gateway
 * still holds pending past its legal due date is escalated (critical, once: the deadline stage).
 * An unreachable gateway skips the refund until the next run.
 */
export async function reconcilePendingRefunds(
  db: Db,
  opts: { now?: Date; gateway?: PaymentGateway; batch?: number } = {},
): Promise<ReconcileResult> {
  const now = opts.now ?? new Date();
  const gateway = opts.gateway ?? paymentGateway(db);
  const batch = opts.batch ?? 100;
  const quietSince = new Date(now.getTime() - PENDING_GRACE_MS);
  const result: ReconcileResult = { pending: 0, succeeded: 0, failed: 0, unreachable: 0, escalated: 0 };
  let after: { createdAt: Date; id: string } | null = null;
  for (;;) {
    const page: { id: string; gatewayRefundId: string | null; createdAt: Date }[] = await db
      .select({ id: refunds.id, gatewayRefundId: refunds.stripeRefundId, createdAt: refunds.createdAt })
      .from(refunds)
      .where(
        and(
          eq(refunds.status, "processing"),
          isNotNull(refunds.stripeRefundId),
          lte(refunds.updatedAt, quietSince),
          after
            ? sql`(${refunds.createdAt}, ${refunds.id}) > (${after.createdAt.toISOString()}, ${after.id})`
            : undefined,
        ),
      )
      .orderBy(asc(refunds.createdAt), asc(refunds.id))
      .limit(batch);
    for (const r of page) {
      let answer;
      try {
        answer = await gateway.retrieveRefund(r.gatewayRefundId!);
      } catch (e) {
        if (!(e instanceof GatewayError)) throw e;
        result.unreachable++;
        continue;
      }
      await recordRefundAnswer(db, answer);
      result[answer.status]++;
      if (answer.status === "pending" && (await advanceDeadlineAlert(db, r.id, "missed", now, "pending")))
        result.escalated++;
    }
    if (page.length < batch) return result;
    const last = page[page.length - 1];
    after = { createdAt: last.createdAt, id: last.id };
  }
}

import { eq, or } from "drizzle-orm";
import type Stripe from "stripe";
import type { Db } from "@/db/client";
import { refunds } from "@/db/schema";
import { mapRefund, type GatewayRefund } from "@/server/payments";
import { recordGatewayAnswer } from "./pay-out-refund";

/**
 * `refund.*` and `charge.refund.updated` from Stripe (or the local gateway): the refund's later
 * fate (a pending refund succeeding, or failing days later). Recorded by recordRefundAnswer, the
 * path the scheduled reconciliation takes too.
 */
export async function handleRefundEvent(db: Db, event: Stripe.Event): Promise<{ action: string }> {
  return recordRefundAnswer(db, mapRefund(event.data.object as Stripe.Refund));
}

/**
 * What the gateway says about a refund, however we heard it (a webhook, or asking it: see
 * reconcile-pending-refunds.ts), so the two can never disagree. Matched by the gateway's refund
 * id, else by our refund id in its metadata. Idempotent and order-safe through recordGatewayAnswer.
 * A refund made outside this product (Stripe's dashboard) is not ours to track: ignored.
 */
export async function recordRefundAnswer(db: Db, refund: GatewayRefund): Promise<{ action: string }> {
  const ours = refund.metadata.refund_id;
  const [r] = await db
    .select({ id: refunds.id })
    .from(refunds)
    .where(
      ours && /^[0-9a-f-]{36}$/.test(ours)
        ? or(eq(refunds.stripeRefundId, refund.gatewayRefundId), eq(refunds.id, ours))
        : eq(refunds.stripeRefundId, refund.gatewayRefundId),
    );
  if (!r) return { action: "ignored: not a refund of ours" };
  const { changed } = await db.transaction((tx) => recordGatewayAnswer(tx, r.id, refund));
  return { action: changed ? `refund ${refund.status}` : "no change" };
}

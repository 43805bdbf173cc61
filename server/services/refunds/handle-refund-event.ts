import { eq, or } from "drizzle-orm";
import type Stripe from "stripe";
import type { Db } from "@/db/client";
import { refunds } from "@/db/schema";
import { mapRefund } from "@/server/payments";
import { recordGatewayAnswer } from "./pay-out-refund";

/**
 * `refund.*` and `charge.refund.updated` from Stripe (or the local gateway): the refund's later
 * fate (a pending refund succeeding, or failing days later). Matched by the gateway's refund id,
 * else by our refund id in its metadata. Idempotent and order-safe through recordGatewayAnswer.
 * A refund made outside this product (Stripe's dashboard) is not ours to track: ignored.
 */
export async function handleRefundEvent(db: Db, event: Stripe.Event): Promise<{ action: string }> {
  const refund = mapRefund(event.data.object as Stripe.Refund);
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

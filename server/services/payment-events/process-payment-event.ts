import { eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import type { Db } from "@/db/client";
import { paymentWebhookEvents } from "@/db/schema";
import { DomainError } from "@/server/domain/errors";
import { handleDisputeEvent } from "@/server/services/disputes/handle-dispute-event";
import { handlePaymentIntentEvent } from "@/server/services/modifications/handle-payment-intent-event";
import { handleRefundEvent } from "@/server/services/refunds/handle-refund-event";

/** Which service owns an event type; the rest are stored and marked ignored. */
function handlerFor(type: string): ((db: Db, e: Stripe.Event) => Promise<{ action: string }>) | null {
  if (type.startsWith("charge.dispute.")) return handleDisputeEvent;
  if (type.startsWith("refund.") || type === "charge.refund.updated") return handleRefundEvent;
  if (type.startsWith("payment_intent.")) return handlePaymentIntentEvent;
  return null;
}

/**
 * Processes one stored gateway event through the service that owns its type. Each handler is
 * idempotent on (object, status), so a retry after a crash is safe; the row keeps what was done
 * or the error. A domain error (bad data) is kept for a human, not retried; others are rethrown
 * for the function's retry.
 */
export async function processPaymentEvent(db: Db, paymentEventId: string): Promise<{ action: string }> {
  const [row] = await db
    .update(paymentWebhookEvents)
    .set({ attempts: sql`${paymentWebhookEvents.attempts} + 1` })
    .where(eq(paymentWebhookEvents.id, paymentEventId))
    .returning();
  if (!row) throw new DomainError("not_found", `No stored payment event ${paymentEventId}`);
  if (row.processed) return { action: row.actionTaken ?? "already processed" };
  const handler = handlerFor(row.type);
  try {
    const { action } = handler ? await handler(db, row.payload as Stripe.Event) : { action: "ignored" };
    await db
      .update(paymentWebhookEvents)
      .set({ processed: true, processedAt: new Date(), processingError: null, actionTaken: action.slice(0, 100) })
      .where(eq(paymentWebhookEvents.id, row.id));
    return { action };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    await db.update(paymentWebhookEvents).set({ processingError: message }).where(eq(paymentWebhookEvents.id, row.id));
    if (e instanceof DomainError) return { action: `failed: ${message}` };
    throw e;
  }
}

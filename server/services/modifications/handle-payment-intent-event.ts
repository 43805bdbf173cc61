// Stripe `payment_intent.*` events (docs/architecture.md, "Paying a change fee", "Intake").
// Idempotent and order-safe: the work is decided from the current state, so a duplicate event, or a
// `succeeded` after the payment page already continued the flow, is a no-op.
import { and, eq, isNull } from "drizzle-orm";
import type Stripe from "stripe";
import type { Db } from "@/db/client";
import { paymentTransactions } from "@/db/schema";
import { mapIntent } from "@/server/payments/stripe-gateway";
import { onFeeIntentUpdate } from "./fee-payment";

export type PaymentIntentEventAction = { action: string };

const handled = new Set([
  "payment_intent.succeeded",
  "payment_intent.payment_failed",
  "payment_intent.canceled",
  "payment_intent.requires_action",
]);

export async function handlePaymentIntentEvent(db: Db, event: Stripe.Event): Promise<PaymentIntentEventAction> {
  if (!handled.has(event.type)) return { action: "ignored" };
  const intent = mapIntent(event.data.object as Stripe.PaymentIntent);
  const matched = await matchBookingCharge(db, intent.id, intent.chargeId);
  if (matched) return matched;
  const fee = await onFeeIntentUpdate(db, intent, { source: "webhook", eventId: event.id });
  // A checkout's charge whose booking has not reached intake yet: intake records the payment, once.
  return fee.action === "ignored" ? { action: "ignored: no booking charge or change uses this intent yet" } : fee;
}

/**
 * A booking's own charge, recorded at intake from the checkout's tender: the gateway's event for
 * the same intent is matched to it, never recorded as a second payment. It only fills in the
 * charge id when intake did not carry one.
 */
async function matchBookingCharge(db: Db, intentId: string, chargeId: string | null) {
  const [charge] = await db
    .select({ id: paymentTransactions.id, bookingId: paymentTransactions.bookingId })
    .from(paymentTransactions)
    .where(and(eq(paymentTransactions.stripePaymentIntentId, intentId), eq(paymentTransactions.kind, "charge")));
  if (!charge) return null;
  if (chargeId)
    await db
      .update(paymentTransactions)
      .set({ stripeChargeId: chargeId, updatedAt: new Date() })
      .where(and(eq(paymentTransactions.id, charge.id), isNull(paymentTransactions.stripeChargeId)));
  return { action: `matched to booking ${charge.bookingId}'s charge` };
}

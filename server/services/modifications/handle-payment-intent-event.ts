// Stripe `payment_intent.*` events for change-fee charges (docs/architecture.md, "Paying a change fee").
// Idempotent and order-safe: the work is decided from the modification's current state, so a
// duplicate event, or a `succeeded` after the payment page already continued the flow, is a no-op.
import type Stripe from "stripe";
import type { Db } from "@/db/client";
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
  return onFeeIntentUpdate(db, intent, { source: "webhook", eventId: event.id });
}

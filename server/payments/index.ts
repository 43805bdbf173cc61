// The payments port's entry point: services call `paymentGateway(db)` and never pick an
// implementation themselves. STRIPE_SECRET_KEY set → Stripe; unset → the local gateway.
import type { Db } from "@/db/client";
import { env } from "@/server/env";
import type { PaymentGateway } from "./gateway";
import { createLocalGateway } from "./local-gateway";
import { deliverLocalGatewayEvents as deliver, type DeliverResult } from "./local-events";
import { stripeWebhookSecret } from "./secrets";
import { createStripeGateway } from "./stripe-gateway";

export * from "./errors";
export * from "./gateway";
export { stripeWebhookSecret } from "./secrets";
export { mapDispute, mapIntent, mapRefund } from "./stripe-gateway";
export {
  completeLocalAction,
  createLocalCharge,
  createLocalDispute,
  closeLocalDispute,
  testPaymentMethods,
} from "./local-gateway";
export { advanceLocalGateway } from "./local-events";
export { injectLocalFault, clearLocalFaults, type LocalFaultMode, type LocalFaultOperation } from "./local-faults";

/** The local payment page (app route) where a card needing authentication is completed. */
export const localActionUrl = (intentId: string) => new URL(`/pay/authenticate/${intentId}`, env.APP_URL).toString();

const gateways = new WeakMap<Db, PaymentGateway>();

/** One gateway per database handle and process (the Stripe SDK client keeps its connections). */
export function paymentGateway(db: Db): PaymentGateway {
  let g = gateways.get(db);
  if (!g) {
    g = env.STRIPE_SECRET_KEY
      ? createStripeGateway({ secretKey: env.STRIPE_SECRET_KEY, webhookSecret: stripeWebhookSecret() })
      : createLocalGateway(db, { webhookSecret: stripeWebhookSecret(), actionUrl: localActionUrl });
    gateways.set(db, g);
  }
  return g;
}

/** Background runner: sends the local gateway's events to our Stripe webhook route (signed). */
export function deliverLocalGatewayEvents(
  db: Db,
  post: (body: string, signatureHeader: string) => Promise<number>,
): Promise<DeliverResult> {
  return deliver(db, post, { webhookSecret: stripeWebhookSecret() });
}

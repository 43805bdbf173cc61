// Stripe's webhook signature scheme, shared by both gateways: `Stripe-Signature: t=<unix>,v1=<hex>`
// where v1 = HMAC-SHA256(secret, `${t}.${rawBody}`). Verification always goes through the real
// SDK (`Stripe.webhooks.constructEvent`); signing is ours (the local gateway signs its events)
// and is tested byte for byte against the SDK's `generateTestHeaderString`.
import { createHmac } from "node:crypto";
import Stripe from "stripe";
import { WebhookPayloadError, WebhookSignatureError } from "./errors";
import type { GatewayEvent } from "./gateway";

/** Stripe's default: events older than 5 minutes are refused (replay protection). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function signStripePayload(
  rawBody: string,
  secret: string,
  timestampSeconds = Math.floor(Date.now() / 1000),
): string {
  const v1 = createHmac("sha256", secret).update(`${timestampSeconds}.${rawBody}`, "utf8").digest("hex");
  return `t=${timestampSeconds},v1=${v1}`;
}

export function verifyStripeWebhook(
  rawBody: string | Uint8Array,
  header: string | null | undefined,
  secret: string,
  opts: { toleranceSeconds?: number; now?: Date } = {},
): GatewayEvent {
  if (!header) throw new WebhookSignatureError("missing", "No Stripe-Signature header");
  const tolerance = opts.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  let event: GatewayEvent;
  try {
    event = Stripe.webhooks.constructEvent(rawBody, header, secret, tolerance, undefined, opts.now?.getTime());
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // The SDK checks the signature first, then the age: a "tolerance" failure had a valid signature.
    if (/tolerance/i.test(message)) throw new WebhookSignatureError("stale", "Webhook timestamp outside the tolerance");
    // The SDK parses only after the signature matched: a SyntaxError is a genuine body, not JSON.
    if (e instanceof SyntaxError) throw new WebhookPayloadError();
    throw new WebhookSignatureError("forged", "Webhook signature does not match");
  }
  // The SDK bounds only the age; a timestamp from the future (a clock far off, or a header signed
  // ahead to outlive the replay window) is refused too, as our other webhook schemes do.
  const signedAt = Number(/(?:^|,)\s*t=(\d+)/.exec(header)?.[1]);
  if (signedAt * 1000 > (opts.now?.getTime() ?? Date.now()) + tolerance * 1000) {
    throw new WebhookSignatureError("stale", "Webhook timestamp outside the tolerance");
  }
  return event;
}

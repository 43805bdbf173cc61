// The local gateway's rows as Stripe JSON (the same shape Stripe's API and webhooks carry, amounts
// in Stripe's scale), and its event log. Mapping back to the port's types reuses the Stripe
// gateway's mappers, so both gateways answer through one code path.
import { randomBytes } from "node:crypto";
import type { Tx } from "@/db/client";
import { localGatewayDisputes, localGatewayEvents, localGatewayPaymentIntents, localGatewayRefunds } from "@/db/schema";
import { scaleToStripe } from "./stripe-amounts";

export type IntentRow = typeof localGatewayPaymentIntents.$inferSelect;
export type RefundRow = typeof localGatewayRefunds.$inferSelect;
export type DisputeRow = typeof localGatewayDisputes.$inferSelect;

export const newId = (prefix: string) => `${prefix}_local_${randomBytes(12).toString("hex")}`;
const unix = (d: Date) => Math.floor(d.getTime() / 1000);

/** Where the local payment page lets a traveler authenticate a card (the app serves it). */
export type ActionUrl = (intentId: string) => string;

export function intentJson(r: IntentRow, actionUrl: ActionUrl) {
  return {
    id: r.id,
    object: "payment_intent" as const,
    amount: scaleToStripe(r.amountMinor, r.currency),
    amount_received: scaleToStripe(r.amountReceivedMinor, r.currency),
    currency: r.currency.toLowerCase(),
    status: r.status,
    client_secret: r.clientSecret,
    next_action:
      r.status === "requires_action"
        ? { type: "redirect_to_url", redirect_to_url: { url: actionUrl(r.id), return_url: r.returnUrl } }
        : null,
    latest_charge: r.chargeId,
    last_payment_error: r.lastError ?? null,
    metadata: r.metadata,
    description: r.description,
    customer: r.customerId,
    payment_method: r.paymentMethodId,
    created: unix(r.createdAt),
    livemode: false,
  };
}

export function refundJson(r: RefundRow) {
  return {
    id: r.id,
    object: "refund" as const,
    amount: scaleToStripe(r.amountMinor, r.currency),
    currency: r.currency.toLowerCase(),
    status: r.status,
    payment_intent: r.paymentIntentId,
    charge: r.chargeId,
    reason: r.reason,
    metadata: r.metadata,
    failure_reason: r.failureReason,
    created: unix(r.createdAt),
  };
}

export function chargeJson(pi: IntentRow) {
  return {
    id: pi.chargeId,
    object: "charge" as const,
    amount: scaleToStripe(pi.amountMinor, pi.currency),
    amount_captured: scaleToStripe(pi.amountReceivedMinor, pi.currency),
    amount_refunded: scaleToStripe(pi.refundedMinor, pi.currency),
    currency: pi.currency.toLowerCase(),
    payment_intent: pi.id,
    refunded: pi.refundedMinor > 0 && pi.refundedMinor === pi.amountReceivedMinor,
    status: pi.status === "succeeded" ? "succeeded" : "failed",
    created: unix(pi.createdAt),
    livemode: false,
  };
}

export function disputeJson(d: DisputeRow) {
  return {
    id: d.id,
    object: "dispute" as const,
    amount: scaleToStripe(d.amountMinor, d.currency),
    currency: d.currency.toLowerCase(),
    charge: d.chargeId,
    payment_intent: d.paymentIntentId,
    reason: d.reason,
    status: d.status,
    evidence: d.evidence,
    evidence_details: {
      due_by: unix(d.evidenceDueBy),
      has_evidence: d.submissionCount > 0,
      past_due: false,
      submission_count: d.submissionCount,
    },
    created: unix(d.createdAt),
    livemode: false,
  };
}

/** Appends a Stripe-shaped event in the caller's transaction (so it exists only if the change does). */
export async function emitEvent(
  tx: Tx,
  type: string,
  object: object,
  idempotencyKey: string | null = null,
): Promise<string> {
  const id = newId("evt");
  await tx.insert(localGatewayEvents).values({
    id,
    type,
    payload: {
      id,
      object: "event",
      api_version: null,
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      pending_webhooks: 1,
      type,
      data: { object },
      request: { id: null, idempotency_key: idempotencyKey },
    },
  });
  return id;
}

// The payments port (docs/architecture.md, "Outside systems"): what services may ask of a payment gateway.
// Two implementations keep the same behaviour: Stripe (stripe-gateway.ts, the real SDK) and the
// local gateway (local-gateway.ts, state in PostgreSQL, fault injection). Amounts are integer
// minor units of OUR currency exponents (server/domain/money.ts); each implementation maps them.
//
// Every money-moving call carries an idempotency key derived from our own record (e.g.
// `refund:<refunds.id>`): the same key with the same parameters returns the same object, so a
// step that dies mid-call is simply run again. Errors are typed (errors.ts): declined (permanent),
// ambiguous (retry with the same key), unavailable (nothing happened, retry later), invalid.

import type Stripe from "stripe";

export type GatewayName = "stripe" | "local";

/** Stripe's refund reasons (the API accepts only these). */
export type RefundReason = "requested_by_customer" | "duplicate" | "fraudulent";

export type RefundRequest = {
  idempotencyKey: string;
  /** Exactly one of the two. */
  paymentIntentId?: string;
  chargeId?: string;
  amountMinor: number;
  currency: string;
  reason?: RefundReason;
  metadata?: Record<string, string>;
};

/** Stripe's `requires_action` counts as pending; `canceled` as failed (the money did not move). */
export type GatewayRefundStatus = "pending" | "succeeded" | "failed";

export type GatewayRefund = {
  gatewayRefundId: string;
  status: GatewayRefundStatus;
  amountMinor: number;
  currency: string;
  paymentIntentId: string | null;
  chargeId: string | null;
  failureReason?: string;
  metadata: Record<string, string>;
  createdAt: Date;
};

export type PaymentIntentStatus =
  "succeeded" | "requires_action" | "requires_payment_method" | "processing" | "canceled";

export type CreatePaymentIntentRequest = {
  idempotencyKey: string;
  amountMinor: number;
  currency: string;
  /** The saved payment method (Stripe `pm_…`; local conventions in local-gateway.ts). */
  paymentMethodId: string;
  customerId?: string;
  description: string;
  metadata?: Record<string, string>;
  /** Always confirmed on the server when the traveler agrees (docs/architecture.md, "Paying a change fee"). */
  confirm: true;
  /** Where the card's authentication page sends the traveler back. */
  returnUrl: string;
};

export type GatewayPaymentIntent = {
  id: string;
  status: PaymentIntentStatus;
  amountMinor: number;
  /** Captured so far (what a refund may at most return). */
  amountReceivedMinor: number;
  currency: string;
  clientSecret: string | null;
  /** When `requires_action`: the page where the traveler authenticates. */
  nextActionUrl?: string;
  chargeId: string | null;
  /** Why the last attempt failed (a decline after authentication), when it did. */
  lastError?: { code: string; declineCode?: string; message: string };
  metadata: Record<string, string>;
};

/** Evidence in Stripe's own field names; file fields take `file_…` ids (uploadFile). */
export type DisputeEvidence = Stripe.DisputeUpdateParams.Evidence;
export const evidenceFileFields = [
  "cancellation_policy",
  "customer_communication",
  "customer_signature",
  "duplicate_charge_documentation",
  "receipt",
  "refund_policy",
  "service_documentation",
  "shipping_documentation",
  "uncategorized_file",
] as const;
export type EvidenceFileField = (typeof evidenceFileFields)[number];

export type EvidenceFile = {
  field: EvidenceFileField;
  data: Uint8Array;
  filename: string;
  contentType: "application/pdf" | "image/png" | "image/jpeg";
};

export type GatewayDispute = {
  id: string;
  status: string; // Stripe's statuses verbatim (server/domain/statuses.ts disputeStatuses)
  amountMinor: number;
  currency: string;
  chargeId: string | null;
  paymentIntentId: string | null;
  reason: string;
  evidenceDueBy: Date | null;
  evidenceSubmitted: boolean;
};

/**
 * One of the gateway's own money records, for the daily money check (server/services/money-check):
 * a captured charge, a succeeded refund, or a chargeback (a lost dispute's net withdrawal). Amounts
 * are positive, in OUR minor units of the record's own (presentment) currency.
 */
export type GatewayBalanceRecord = {
  kind: "charge" | "refund" | "chargeback";
  /** The gateway's id of the record's source: `ch_…`/`pi_…`, `re_…`, `dp_…`. */
  gatewayId: string;
  paymentIntentId: string | null;
  amountMinor: number;
  currency: string;
  createdAt: Date;
};

/** A verified webhook event in Stripe's shape (`evt_…`, type, data.object). */
export type GatewayEvent = Stripe.Event;

export interface PaymentGateway {
  readonly name: GatewayName;
  refund(req: RefundRequest): Promise<GatewayRefund>;
  retrieveRefund(gatewayRefundId: string): Promise<GatewayRefund>;
  createPaymentIntent(req: CreatePaymentIntentRequest): Promise<GatewayPaymentIntent>;
  retrievePaymentIntent(id: string): Promise<GatewayPaymentIntent>;
  /** Voids a payment that has not succeeded (e.g. a fee charge waiting for authentication). */
  cancelPaymentIntent(id: string, opts?: { idempotencyKey?: string }): Promise<GatewayPaymentIntent>;
  uploadFile(file: Omit<EvidenceFile, "field">, opts?: { idempotencyKey?: string }): Promise<{ fileId: string }>;
  /** Uploads `files` into their evidence fields, then sets `evidence` and submits (submit: true). */
  submitDisputeEvidence(
    disputeId: string,
    evidence: DisputeEvidence,
    files?: EvidenceFile[],
    opts?: { idempotencyKey?: string },
  ): Promise<GatewayDispute>;
  retrieveDispute(disputeId: string): Promise<GatewayDispute>;
  /** Streams the gateway's money records created before `createdBefore` (the daily money check). */
  listBalanceRecords(opts: { createdBefore: Date }): AsyncIterable<GatewayBalanceRecord>;
  /**
   * Verifies a webhook's `Stripe-Signature` over the exact raw body and returns the event.
   * Throws WebhookSignatureError with reason "missing" | "forged" | "stale" (the route answers 401),
   * or WebhookPayloadError when the signature matches but the body is not JSON (400).
   */
  parseWebhook(rawBody: string | Uint8Array, signatureHeader: string | null | undefined): GatewayEvent;
}

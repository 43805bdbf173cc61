// The payments port on Stripe, through the real `stripe` SDK (v23). Our idempotency keys go in the
// request options (the SDK sends them as `Idempotency-Key` and reuses them on its own network
// retries); amounts are mapped by stripe-amounts.ts; Stripe's errors become our typed errors.
import Stripe from "stripe";
import { AmbiguousOutcomeError, GatewayError, GatewayUnavailableError, PaymentDeclinedError } from "./errors";
import type {
  CreatePaymentIntentRequest,
  DisputeEvidence,
  EvidenceFile,
  GatewayBalanceRecord,
  GatewayDispute,
  GatewayPaymentIntent,
  GatewayRefund,
  GatewayRefundStatus,
  PaymentGateway,
  PaymentIntentStatus,
  RefundRequest,
} from "./gateway";
import { fromStripeAmount, toStripeAmount } from "./stripe-amounts";
import { verifyStripeWebhook } from "./webhook-signature";

export type StripeGatewayOptions = {
  secretKey: string;
  webhookSecret: string;
  /** Tests: a recording client; production: the SDK's default Node client. */
  httpClient?: Stripe.HttpClient;
  /** Point the SDK elsewhere (a local HTTP endpoint in tests). */
  host?: string;
  port?: number;
  protocol?: "http" | "https";
  /** The SDK's own retries of network failures and 409/5xx, with the same idempotency key. */
  maxNetworkRetries?: number;
  timeoutMs?: number;
  webhookToleranceSeconds?: number;
};

/** Stripe's error → ours. Anything that may have reached Stripe and whose answer we lack is ambiguous. */
export function mapStripeError(e: unknown): Error {
  if (!(e instanceof Stripe.errors.StripeError)) return e instanceof Error ? e : new Error(String(e));
  const msg = e.message;
  if (e instanceof Stripe.errors.StripeCardError) {
    return new PaymentDeclinedError(e.decline_code ?? e.code ?? "card_declined", msg, {
      paymentIntentId: e.payment_intent?.id,
      code: e.code,
    });
  }
  if (e instanceof Stripe.errors.StripeIdempotencyError)
    return new GatewayError("idempotency_conflict", msg, "idempotency_key_in_use");
  if (e instanceof Stripe.errors.StripeRateLimitError) return new GatewayUnavailableError(msg, "rate_limited");
  if (e instanceof Stripe.errors.StripeConnectionError) return new AmbiguousOutcomeError(msg, "connection");
  if (e instanceof Stripe.errors.StripeAuthenticationError || e instanceof Stripe.errors.StripePermissionError) {
    return new GatewayUnavailableError(msg, "authentication"); // a configuration fault: nothing moved, retry after fixing
  }
  if (e instanceof Stripe.errors.StripeInvalidRequestError) {
    if (e.code === "resource_missing") return new GatewayError("not_found", msg, e.code);
    if (e.code === "lock_timeout") return new GatewayUnavailableError(msg, e.code);
    return new GatewayError("invalid", msg, e.code ?? "invalid_request", { param: e.param });
  }
  // StripeAPIError (5xx) and anything else: Stripe says a 500 may or may not have completed.
  return new AmbiguousOutcomeError(msg, e.code ?? "api_error");
}

const upper = (c: string) => c.toUpperCase();

function refundStatus(s: string | null): GatewayRefundStatus {
  if (s === "succeeded") return "succeeded";
  if (s === "failed" || s === "canceled") return "failed";
  return "pending"; // pending, requires_action
}

export function mapRefund(r: Stripe.Refund): GatewayRefund {
  const cur = upper(r.currency);
  return {
    gatewayRefundId: r.id,
    status: refundStatus(r.status),
    amountMinor: fromStripeAmount(r.amount, cur),
    currency: cur,
    paymentIntentId: typeof r.payment_intent === "string" ? r.payment_intent : (r.payment_intent?.id ?? null),
    chargeId: typeof r.charge === "string" ? r.charge : (r.charge?.id ?? null),
    failureReason: r.status === "canceled" ? "canceled" : (r.failure_reason ?? undefined),
    metadata: (r.metadata ?? {}) as Record<string, string>,
    createdAt: new Date(r.created * 1000),
  };
}

function intentStatus(s: string): PaymentIntentStatus {
  switch (s) {
    case "succeeded":
    case "requires_action":
    case "requires_payment_method":
    case "processing":
    case "canceled":
      return s;
    case "requires_confirmation":
      return "requires_payment_method"; // we always confirm on create
    default:
      return "processing"; // requires_capture (we never hold uncaptured payments) or a status added later
  }
}

export function mapIntent(pi: Stripe.PaymentIntent): GatewayPaymentIntent {
  const cur = upper(pi.currency);
  const err = pi.last_payment_error;
  return {
    id: pi.id,
    status: intentStatus(pi.status),
    amountMinor: fromStripeAmount(pi.amount, cur),
    amountReceivedMinor: fromStripeAmount(pi.amount_received ?? 0, cur),
    currency: cur,
    clientSecret: pi.client_secret,
    nextActionUrl: pi.next_action?.redirect_to_url?.url ?? undefined,
    chargeId: typeof pi.latest_charge === "string" ? pi.latest_charge : (pi.latest_charge?.id ?? null),
    lastError: err
      ? { code: err.code ?? "payment_error", declineCode: err.decline_code ?? undefined, message: err.message ?? "" }
      : undefined,
    metadata: (pi.metadata ?? {}) as Record<string, string>,
  };
}

export function mapDispute(d: Stripe.Dispute): GatewayDispute {
  const cur = upper(d.currency);
  return {
    id: d.id,
    status: d.status,
    amountMinor: fromStripeAmount(d.amount, cur),
    currency: cur,
    chargeId: typeof d.charge === "string" ? d.charge : (d.charge?.id ?? null),
    paymentIntentId: typeof d.payment_intent === "string" ? d.payment_intent : (d.payment_intent?.id ?? null),
    reason: d.reason,
    evidenceDueBy: d.evidence_details?.due_by ? new Date(d.evidence_details.due_by * 1000) : null,
    evidenceSubmitted: (d.evidence_details?.submission_count ?? 0) > 0,
  };
}

export function createStripeGateway(o: StripeGatewayOptions): PaymentGateway {
  const stripe = new Stripe(o.secretKey, {
    httpClient: o.httpClient,
    maxNetworkRetries: o.maxNetworkRetries ?? 2,
    timeout: o.timeoutMs ?? 30_000,
    host: o.host,
    port: o.port,
    protocol: o.protocol,
    telemetry: false,
  });
  const call = async <T>(f: () => Promise<T>): Promise<T> => {
    try {
      return await f();
    } catch (e) {
      throw mapStripeError(e);
    }
  };

  async function uploadFile(file: Omit<EvidenceFile, "field">, opts?: { idempotencyKey?: string }) {
    const f = await call(() =>
      stripe.files.create(
        { purpose: "dispute_evidence", file: { data: file.data, name: file.filename, type: file.contentType } },
        opts?.idempotencyKey ? { idempotencyKey: opts.idempotencyKey } : undefined,
      ),
    );
    return { fileId: f.id };
  }

  return {
    name: "stripe",

    async refund(req: RefundRequest) {
      if (!!req.paymentIntentId === !!req.chargeId)
        throw new GatewayError("invalid", "Give exactly one of paymentIntentId and chargeId", "refund_target", {
          field: "paymentIntentId",
        });
      const amount = toStripeAmount(req.amountMinor, req.currency);
      const r = await call(() =>
        stripe.refunds.create(
          {
            ...(req.paymentIntentId ? { payment_intent: req.paymentIntentId } : { charge: req.chargeId }),
            amount,
            reason: req.reason,
            metadata: req.metadata,
          },
          { idempotencyKey: req.idempotencyKey },
        ),
      );
      return mapRefund(r);
    },

    async retrieveRefund(id) {
      return mapRefund(await call(() => stripe.refunds.retrieve(id)));
    },

    async createPaymentIntent(req: CreatePaymentIntentRequest) {
      const amount = toStripeAmount(req.amountMinor, req.currency);
      const pi = await call(() =>
        stripe.paymentIntents.create(
          {
            amount,
            currency: req.currency.toLowerCase(),
            payment_method: req.paymentMethodId,
            customer: req.customerId,
            description: req.description,
            metadata: req.metadata,
            confirm: true,
            return_url: req.returnUrl,
            // Off-page confirmation of a saved card; a card that needs 3DS comes back requires_action.
            allowed_payment_method_types: ["card"],
          },
          { idempotencyKey: req.idempotencyKey },
        ),
      );
      return mapIntent(pi);
    },

    async retrievePaymentIntent(id) {
      return mapIntent(await call(() => stripe.paymentIntents.retrieve(id)));
    },

    async cancelPaymentIntent(id, opts) {
      return mapIntent(
        await call(() =>
          stripe.paymentIntents.cancel(
            id,
            {},
            opts?.idempotencyKey ? { idempotencyKey: opts.idempotencyKey } : undefined,
          ),
        ),
      );
    },

    uploadFile,

    async submitDisputeEvidence(disputeId: string, evidence: DisputeEvidence, files: EvidenceFile[] = [], opts) {
      const withFiles: DisputeEvidence = { ...evidence };
      for (const [i, f] of files.entries()) {
        const key = opts?.idempotencyKey ? `${opts.idempotencyKey}:file:${i}:${f.field}` : undefined;
        withFiles[f.field] = (await uploadFile(f, { idempotencyKey: key })).fileId;
      }
      const d = await call(() =>
        stripe.disputes.update(
          disputeId,
          { evidence: withFiles, submit: true },
          opts?.idempotencyKey ? { idempotencyKey: opts.idempotencyKey } : undefined,
        ),
      );
      return mapDispute(d);
    },

    async retrieveDispute(id) {
      return mapDispute(await call(() => stripe.disputes.retrieve(id)));
    },

    parseWebhook(rawBody, signatureHeader) {
      return verifyStripeWebhook(rawBody, signatureHeader, o.webhookSecret, {
        toleranceSeconds: o.webhookToleranceSeconds,
      });
    },

    // Balance transactions with their source expanded: the source carries the presentment amount
    // and currency (the transaction's own are in the settlement currency). The SDK pages on its own.
    async *listBalanceRecords({ createdBefore }) {
      const seenDisputes = new Set<string>();
      const list = stripe.balanceTransactions.list({
        created: { lt: Math.floor(createdBefore.getTime() / 1000) },
        limit: 100,
        expand: ["data.source"],
      });
      try {
        for await (const bt of list) {
          const rec = balanceRecord(bt, seenDisputes);
          if (rec) yield rec;
        }
      } catch (e) {
        throw mapStripeError(e);
      }
    },
  };
}

const idOf = (x: string | { id: string } | null | undefined) => (typeof x === "string" ? x : (x?.id ?? null));

/** A charge, a refund, or a lost dispute's withdrawal (once per dispute); anything else is not money we count. */
export function balanceRecord(bt: Stripe.BalanceTransaction, seenDisputes: Set<string>): GatewayBalanceRecord | null {
  const src = bt.source;
  if (!src || typeof src === "string") return null;
  const createdAt = new Date(bt.created * 1000);
  const of = (amount: number, currency: string) => ({
    amountMinor: fromStripeAmount(amount, currency.toUpperCase()),
    currency: currency.toUpperCase(),
    createdAt,
  });
  if (src.object === "charge" && (bt.type === "charge" || bt.type === "payment")) {
    if (src.status !== "succeeded" || !src.captured) return null;
    return {
      kind: "charge",
      gatewayId: src.id,
      paymentIntentId: idOf(src.payment_intent),
      ...of(src.amount_captured, src.currency),
    };
  }
  if (src.object === "refund" && (bt.type === "refund" || bt.type === "payment_refund")) {
    if (src.status !== "succeeded") return null;
    return {
      kind: "refund",
      gatewayId: src.id,
      paymentIntentId: idOf(src.payment_intent),
      ...of(src.amount, src.currency),
    };
  }
  if (src.object === "dispute" && bt.type === "adjustment") {
    if (src.status !== "lost" || seenDisputes.has(src.id)) return null;
    seenDisputes.add(src.id);
    return {
      kind: "chargeback",
      gatewayId: src.id,
      paymentIntentId: idOf(src.payment_intent),
      ...of(src.amount, src.currency),
    };
  }
  return null;
}

// The Stripe gateway offline: the real SDK with a fetch that records each request and answers with
// canned Stripe JSON. Asserts what goes over the wire (method, path, form body, Idempotency-Key).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import {
  AmbiguousOutcomeError,
  GatewayError,
  GatewayUnavailableError,
  PaymentDeclinedError,
  WebhookSignatureError,
} from "./errors";
import { createStripeGateway } from "./stripe-gateway";
import { signStripePayload } from "./webhook-signature";

type Recorded = { method: string; url: URL; headers: Record<string, string>; body: string };
type Canned = { status: number; body: unknown; headers?: Record<string, string> } | Error;

function fakeStripe(responses: Canned[], opts: { maxNetworkRetries?: number } = {}) {
  const requests: Recorded[] = [];
  const fetchFn = (async (input: string | URL, init?: RequestInit) => {
    const headers = Object.fromEntries(new Headers(init?.headers).entries()); // lower-cased names
    const body =
      typeof init?.body === "string"
        ? init.body
        : init?.body
          ? Buffer.from(init.body as Uint8Array).toString("latin1")
          : "";
    requests.push({ method: init?.method ?? "GET", url: new URL(String(input)), headers, body });
    const next = responses.shift();
    if (!next) throw new Error("no canned response left");
    if (next instanceof Error) throw next;
    return new Response(JSON.stringify(next.body), {
      status: next.status,
      headers: { "content-type": "application/json", "request-id": "req_test", ...next.headers },
    });
  }) as typeof fetch;
  const gateway = createStripeGateway({
    secretKey: "sk_test_offline",
    webhookSecret: "whsec_test_secret",
    httpClient: Stripe.createFetchHttpClient(fetchFn),
    maxNetworkRetries: opts.maxNetworkRetries ?? 0,
  });
  return { gateway, requests };
}

const form = (r: Recorded) => Object.fromEntries(new URLSearchParams(r.body));

const refundJson = (o: Partial<Record<string, unknown>> = {}) => ({
  id: "re_123",
  object: "refund",
  amount: 4_250,
  currency: "usd",
  status: "pending",
  payment_intent: "pi_abc",
  charge: "ch_abc",
  created: 1_780_000_000,
  metadata: { refundId: "r-1" },
  failure_reason: null,
  reason: "requested_by_customer",
  ...o,
});
const intentJson = (o: Partial<Record<string, unknown>> = {}) => ({
  id: "pi_fee",
  object: "payment_intent",
  amount: 2_500,
  amount_received: 2_500,
  currency: "eur",
  status: "succeeded",
  client_secret: "pi_fee_secret_x",
  next_action: null,
  latest_charge: "ch_fee",
  last_payment_error: null,
  metadata: {},
  ...o,
});

describe("stripe gateway: refunds", () => {
  it("POSTs /v1/refunds form-encoded with our idempotency key", async () => {
    const { gateway, requests } = fakeStripe([{ status: 200, body: refundJson() }]);
    const r = await gateway.refund({
      idempotencyKey: "refund:r-1",
      paymentIntentId: "pi_abc",
      amountMinor: 4_250,
      currency: "USD",
      reason: "requested_by_customer",
      metadata: { refundId: "r-1", bookingRef: "BK-1" },
    });
    expect(r).toMatchObject({
      gatewayRefundId: "re_123",
      status: "pending",
      amountMinor: 4_250,
      currency: "USD",
      paymentIntentId: "pi_abc",
      chargeId: "ch_abc",
    });
    const [req] = requests;
    expect(req.method).toBe("POST");
    expect(req.url.host).toBe("api.stripe.com");
    expect(req.url.pathname).toBe("/v1/refunds");
    expect(req.headers["idempotency-key"]).toBe("refund:r-1");
    expect(req.headers["content-type"]).toMatch(/application\/x-www-form-urlencoded/);
    expect(req.headers.authorization).toBe("Bearer sk_test_offline");
    expect(form(req)).toEqual({
      payment_intent: "pi_abc",
      amount: "4250",
      reason: "requested_by_customer",
      "metadata[refundId]": "r-1",
      "metadata[bookingRef]": "BK-1",
    });
  });

  it("a call repeated by us and a retry made by the SDK both carry the same key", async () => {
    const { gateway, requests } = fakeStripe(
      [
        {
          status: 500,
          body: { error: { type: "api_error", message: "boom" } },
          headers: { "stripe-should-retry": "true" },
        },
        { status: 200, body: refundJson({ status: "succeeded" }) },
        { status: 200, body: refundJson({ status: "succeeded" }) },
      ],
      { maxNetworkRetries: 1 },
    );
    const req = { idempotencyKey: "refund:r-2", chargeId: "ch_abc", amountMinor: 4_250, currency: "USD" };
    expect((await gateway.refund(req)).status).toBe("succeeded");
    await gateway.refund(req);
    expect(requests).toHaveLength(3);
    expect(requests.map((r) => r.headers["idempotency-key"])).toEqual(["refund:r-2", "refund:r-2", "refund:r-2"]);
    expect(form(requests[0])).toEqual({ charge: "ch_abc", amount: "4250" });
  });

  it("JPY goes as is, ISK is sent ×100, KWD must be a multiple of 10 (refused, never rounded)", async () => {
    const { gateway, requests } = fakeStripe([
      { status: 200, body: refundJson({ amount: 1_235, currency: "jpy" }) },
      { status: 200, body: refundJson({ amount: 50_000, currency: "isk" }) },
      { status: 200, body: refundJson({ amount: 5_120, currency: "kwd" }) },
    ]);
    expect(
      (await gateway.refund({ idempotencyKey: "k1", chargeId: "ch", amountMinor: 1_235, currency: "JPY" })).amountMinor,
    ).toBe(1_235);
    expect(
      (await gateway.refund({ idempotencyKey: "k2", chargeId: "ch", amountMinor: 500, currency: "ISK" })).amountMinor,
    ).toBe(500);
    expect(
      (await gateway.refund({ idempotencyKey: "k3", chargeId: "ch", amountMinor: 5_120, currency: "KWD" })).amountMinor,
    ).toBe(5_120);
    expect(requests.map((r) => form(r).amount)).toEqual(["1235", "50000", "5120"]);
    const err = await gateway
      .refund({ idempotencyKey: "k4", chargeId: "ch", amountMinor: 5_124, currency: "KWD" })
      .catch((e) => e);
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({
      kind: "invalid",
      code: "amount_not_representable",
      details: { lower: 5_120, upper: 5_130 },
    });
    expect(requests).toHaveLength(3); // nothing sent
  });

  it("maps Stripe's errors to typed errors", async () => {
    const { gateway } = fakeStripe([
      {
        status: 400,
        body: {
          error: {
            type: "invalid_request_error",
            code: "charge_already_refunded",
            message: "Charge ch has already been refunded.",
          },
        },
      },
      {
        status: 429,
        body: { error: { type: "invalid_request_error", code: "rate_limit", message: "Too many requests" } },
      },
      {
        status: 400,
        body: {
          error: {
            type: "idempotency_error",
            message: "Keys for idempotent requests can only be used with the same parameters",
          },
        },
      },
      new TypeError("fetch failed"),
      {
        status: 404,
        body: { error: { type: "invalid_request_error", code: "resource_missing", message: "No such refund" } },
      },
    ]);
    const req = { idempotencyKey: "k", chargeId: "ch", amountMinor: 100, currency: "USD" };
    await expect(gateway.refund(req)).rejects.toMatchObject({ kind: "invalid", code: "charge_already_refunded" });
    await expect(gateway.refund(req)).rejects.toBeInstanceOf(GatewayUnavailableError);
    await expect(gateway.refund(req)).rejects.toMatchObject({ kind: "idempotency_conflict" });
    await expect(gateway.refund(req)).rejects.toBeInstanceOf(AmbiguousOutcomeError);
    await expect(gateway.retrieveRefund("re_x")).rejects.toMatchObject({ kind: "not_found" });
  });

  it("maps a failed refund with its reason", async () => {
    const { gateway, requests } = fakeStripe([
      { status: 200, body: refundJson({ status: "failed", failure_reason: "expired_or_canceled_card" }) },
    ]);
    expect(await gateway.retrieveRefund("re_123")).toMatchObject({
      status: "failed",
      failureReason: "expired_or_canceled_card",
    });
    expect([requests[0].method, requests[0].url.pathname]).toEqual(["GET", "/v1/refunds/re_123"]);
  });
});

describe("stripe gateway: payment intents", () => {
  const base = {
    idempotencyKey: "fee:m-1",
    amountMinor: 2_500,
    currency: "EUR",
    paymentMethodId: "pm_card_visa",
    customerId: "cus_1",
    description: "Name change fee BK-1",
    metadata: { modificationId: "m-1" },
    confirm: true as const,
    returnUrl: "http://localhost:3000/pay/return",
  };

  it("creates and confirms on the server", async () => {
    const { gateway, requests } = fakeStripe([{ status: 200, body: intentJson() }]);
    expect(await gateway.createPaymentIntent(base)).toMatchObject({
      id: "pi_fee",
      status: "succeeded",
      amountMinor: 2_500,
      chargeId: "ch_fee",
      clientSecret: "pi_fee_secret_x",
    });
    expect(requests[0].url.pathname).toBe("/v1/payment_intents");
    expect(requests[0].headers["idempotency-key"]).toBe("fee:m-1");
    expect(form(requests[0])).toMatchObject({
      amount: "2500",
      currency: "eur",
      payment_method: "pm_card_visa",
      customer: "cus_1",
      confirm: "true",
      return_url: "http://localhost:3000/pay/return",
      "metadata[modificationId]": "m-1",
      "allowed_payment_method_types[0]": "card",
    });
  });

  it("a card that needs authentication returns requires_action with the page to send the traveler to", async () => {
    const { gateway } = fakeStripe([
      {
        status: 200,
        body: intentJson({
          status: "requires_action",
          amount_received: 0,
          latest_charge: null,
          next_action: {
            type: "redirect_to_url",
            redirect_to_url: { url: "https://hooks.stripe.com/3d_secure/x", return_url: base.returnUrl },
          },
        }),
      },
    ]);
    expect(await gateway.createPaymentIntent(base)).toMatchObject({
      status: "requires_action",
      nextActionUrl: "https://hooks.stripe.com/3d_secure/x",
      amountReceivedMinor: 0,
    });
  });

  it("a decline is a PaymentDeclinedError with the decline code and the intent", async () => {
    const { gateway } = fakeStripe([
      {
        status: 402,
        body: {
          error: {
            type: "card_error",
            code: "card_declined",
            decline_code: "insufficient_funds",
            message: "Your card has insufficient funds.",
            payment_intent: intentJson({ status: "requires_payment_method" }),
          },
        },
      },
    ]);
    const e = await gateway.createPaymentIntent(base).catch((x) => x);
    expect(e).toBeInstanceOf(PaymentDeclinedError);
    expect(e).toMatchObject({
      kind: "declined",
      declineCode: "insufficient_funds",
      details: { paymentIntentId: "pi_fee" },
      retryable: false,
    });
  });

  it("cancels (voids) an intent", async () => {
    const { gateway, requests } = fakeStripe([
      { status: 200, body: intentJson({ status: "canceled", amount_received: 0 }) },
    ]);
    expect((await gateway.cancelPaymentIntent("pi_fee", { idempotencyKey: "void:m-1" })).status).toBe("canceled");
    expect([requests[0].method, requests[0].url.pathname, requests[0].headers["idempotency-key"]]).toEqual([
      "POST",
      "/v1/payment_intents/pi_fee/cancel",
      "void:m-1",
    ]);
  });
});

describe("stripe gateway: disputes", () => {
  it("uploads each evidence file, then submits the evidence in Stripe's field names", async () => {
    const { gateway, requests } = fakeStripe([
      { status: 200, body: { id: "file_policy", object: "file", purpose: "dispute_evidence" } },
      {
        status: 200,
        body: {
          id: "dp_1",
          object: "dispute",
          amount: 10_000,
          currency: "usd",
          charge: "ch_1",
          payment_intent: "pi_1",
          reason: "fraudulent",
          status: "under_review",
          evidence_details: { due_by: 1_780_000_000, submission_count: 1 },
        },
      },
    ]);
    const pdf = new TextEncoder().encode("%PDF-1.7 booking history");
    const d = await gateway.submitDisputeEvidence(
      "dp_1",
      {
        customer_name: "Ana Silva",
        service_date: "2026-07-01",
        cancellation_policy_disclosure: "Shown at checkout and accepted",
      },
      [{ field: "cancellation_policy", data: pdf, filename: "policy.pdf", contentType: "application/pdf" }],
      { idempotencyKey: "evidence:d-1" },
    );
    expect(d).toMatchObject({
      id: "dp_1",
      status: "under_review",
      evidenceSubmitted: true,
      amountMinor: 10_000,
      evidenceDueBy: new Date(1_780_000_000_000),
    });
    const [upload, update] = requests;
    expect(upload.url.host).toBe("files.stripe.com");
    expect(upload.url.pathname).toBe("/v1/files");
    expect(upload.headers["content-type"]).toMatch(/multipart\/form-data/);
    expect(upload.body).toContain("dispute_evidence");
    expect(upload.body).toContain("%PDF-1.7 booking history");
    expect(upload.headers["idempotency-key"]).toBe("evidence:d-1:file:0:cancellation_policy");
    expect(update.url.pathname).toBe("/v1/disputes/dp_1");
    expect(update.headers["idempotency-key"]).toBe("evidence:d-1");
    expect(form(update)).toEqual({
      "evidence[customer_name]": "Ana Silva",
      "evidence[service_date]": "2026-07-01",
      "evidence[cancellation_policy_disclosure]": "Shown at checkout and accepted",
      "evidence[cancellation_policy]": "file_policy",
      submit: "true",
    });
  });
});

describe("stripe gateway: webhooks", () => {
  const { gateway } = fakeStripe([]);
  const payload = JSON.stringify({
    id: "evt_1",
    object: "event",
    type: "charge.refund.updated",
    data: { object: refundJson({ status: "failed" }) },
  });

  it("accepts a body signed with the SDK's own test header", () => {
    const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: "whsec_test_secret" });
    expect(gateway.parseWebhook(payload, header)).toMatchObject({ id: "evt_1", type: "charge.refund.updated" });
  });

  it("tells a missing, a forged and a stale signature apart", () => {
    const reason = (body: string, header: string | null) => {
      try {
        gateway.parseWebhook(body, header);
        return "accepted";
      } catch (e) {
        return e instanceof WebhookSignatureError ? e.reason : String(e);
      }
    };
    expect(reason(payload, null)).toBe("missing");
    expect(reason(payload, "")).toBe("missing");
    expect(reason(payload, Stripe.webhooks.generateTestHeaderString({ payload, secret: "whsec_other" }))).toBe(
      "forged",
    );
    expect(
      reason(
        payload.replace("failed", "succeeded"),
        Stripe.webhooks.generateTestHeaderString({ payload, secret: "whsec_test_secret" }),
      ),
    ).toBe("forged");
    expect(reason(payload, "garbage")).toBe("forged");
    const old = Math.floor(Date.now() / 1000) - 301;
    expect(
      reason(
        payload,
        Stripe.webhooks.generateTestHeaderString({ payload, secret: "whsec_test_secret", timestamp: old }),
      ),
    ).toBe("stale");
  });

  it("our signer is byte-compatible with the SDK's", () => {
    const t = 1_780_000_000;
    expect(signStripePayload(payload, "whsec_test_secret", t)).toBe(
      Stripe.webhooks.generateTestHeaderString({ payload, secret: "whsec_test_secret", timestamp: t }),
    );
    expect(gateway.parseWebhook(payload, signStripePayload(payload, "whsec_test_secret")).id).toBe("evt_1");
  });
});

describe("stripe gateway: pointed at a local HTTP endpoint", () => {
  it("the SDK's default Node client sends the same request to our host and port", async () => {
    const seen: { method?: string; url?: string; key?: string; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        seen.push({ method: req.method, url: req.url, key: req.headers["idempotency-key"] as string, body });
        res.writeHead(200, { "content-type": "application/json", "request-id": "req_local" });
        res.end(JSON.stringify(refundJson({ status: "succeeded" })));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const gateway = createStripeGateway({
        secretKey: "sk_test_local",
        webhookSecret: "whsec_x",
        host: "127.0.0.1",
        port: (server.address() as AddressInfo).port,
        protocol: "http",
        maxNetworkRetries: 0,
      });
      expect(
        (
          await gateway.refund({
            idempotencyKey: "refund:r-9",
            paymentIntentId: "pi_abc",
            amountMinor: 4_250,
            currency: "USD",
          })
        ).status,
      ).toBe("succeeded");
      expect(seen).toEqual([
        { method: "POST", url: "/v1/refunds", key: "refund:r-9", body: "payment_intent=pi_abc&amount=4250" },
      ]);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

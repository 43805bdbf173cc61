// The Stripe gateway's stream of money records for the daily money check, offline: the real SDK
// with a fetch answering canned balance-transaction pages. Asserts the request (created before,
// source expanded, paging) and which transactions become records, in presentment amounts.
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import type { GatewayBalanceRecord } from "./gateway";
import { createStripeGateway } from "./stripe-gateway";

function fakeStripe(pages: unknown[][]) {
  const urls: URL[] = [];
  const fetchFn = (async (input: string | URL) => {
    urls.push(new URL(String(input)));
    const data = pages.shift() ?? [];
    const body = { object: "list", url: "/v1/balance_transactions", has_more: pages.length > 0, data };
    return new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
  }) as typeof fetch;
  const gateway = createStripeGateway({
    secretKey: "sk_test_offline",
    webhookSecret: "whsec_test_secret",
    httpClient: Stripe.createFetchHttpClient(fetchFn),
    maxNetworkRetries: 0,
  });
  return { gateway, urls };
}

let n = 0;
const bt = (type: string, source: Record<string, unknown> | string | null) => ({
  id: `txn_${++n}`,
  object: "balance_transaction",
  type,
  created: 1_780_000_000 + n,
  amount: 999_999, // settlement currency: never used
  currency: "usd",
  source,
});
const charge = {
  id: "ch_1",
  object: "charge",
  amount: 12_000,
  amount_captured: 12_000,
  currency: "eur",
  status: "succeeded",
  captured: true,
  payment_intent: "pi_1",
};
const refund = (id: string, status: string) => ({
  id,
  object: "refund",
  amount: 4_250,
  currency: "eur",
  status,
  payment_intent: "pi_1",
});
const dispute = (id: string, status: string) => ({
  id,
  object: "dispute",
  amount: 500,
  currency: "jpy",
  status,
  payment_intent: { id: "pi_2", object: "payment_intent" },
});

describe("stripe listBalanceRecords", () => {
  it("pages through balance transactions with their sources and keeps charges, succeeded refunds and lost disputes once", async () => {
    const { gateway, urls } = fakeStripe([
      [
        bt("charge", charge),
        bt("refund", refund("re_ok", "succeeded")),
        bt("refund", refund("re_pending", "pending")),
        bt("adjustment", dispute("dp_lost", "lost")),
        bt("payout", "po_1"),
      ],
      [bt("adjustment", dispute("dp_lost", "lost")), bt("adjustment", dispute("dp_won", "won"))],
    ]);
    const before = new Date("2026-12-01T00:00:00Z");
    const seen: GatewayBalanceRecord[] = [];
    for await (const r of gateway.listBalanceRecords({ createdBefore: before })) seen.push(r);
    expect(seen.map(({ createdAt: _, ...r }) => r)).toEqual([
      { kind: "charge", gatewayId: "ch_1", paymentIntentId: "pi_1", amountMinor: 12_000, currency: "EUR" },
      { kind: "refund", gatewayId: "re_ok", paymentIntentId: "pi_1", amountMinor: 4_250, currency: "EUR" },
      { kind: "chargeback", gatewayId: "dp_lost", paymentIntentId: "pi_2", amountMinor: 500, currency: "JPY" },
    ]);
    expect(urls).toHaveLength(2);
    expect(urls[0].pathname).toBe("/v1/balance_transactions");
    expect(urls[0].searchParams.get("created[lt]")).toBe(String(before.getTime() / 1000));
    expect(urls[0].searchParams.get("expand[0]")).toBe("data.source");
    expect(urls[1].searchParams.get("starting_after")).toBe("txn_5");
  });
});

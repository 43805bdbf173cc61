import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createTestDb } from "@/tests/db";
import { bookAtProvider, cancelAtProvider, seedPayoutProvider } from "@/tests/fixtures/payouts";
import { planSummary, plansOf } from "@/tests/fixtures/query-plans";
import { providerBalances } from "./read-payouts";

// The payouts page's balance reads the provider's rollup (total + deltas, primary-key ranges),
// never the items or cancellations it is kept from (those grow with every booking).
const db = await createTestDb();
await seedPayoutProvider(db, "plan-bal");
await seedPayoutProvider(db, "plan-other");
await bookAtProvider(db, { providerCode: "plan-bal", prefix: "PB", count: 400, currency: "EUR" });
await bookAtProvider(db, { providerCode: "plan-other", prefix: "PO", count: 400, currency: "USD" });
await cancelAtProvider(db, "plan-bal", "PR-PB0000007", new Date());
await db.execute(sql`analyze booking_items; analyze cancellation_requests; analyze provider_ledger_delta`);

describe("provider balances query plan", () => {
  it("reads the rollup's primary keys, not booking_items or cancellation_requests", async () => {
    const plans = await plansOf(db.url, (d) => providerBalances(d, "plan-bal"));
    expect(plans).toHaveLength(1);
    const relations = plans[0].nodes.flatMap((n) => (n["Relation Name"] ? [n["Relation Name"]] : []));
    expect(relations).not.toContain("booking_items");
    expect(relations).not.toContain("cancellation_requests");
    expect(planSummary(plans[0]).seqScans).toEqual([]);
    expect(planSummary(plans[0]).indexes).toEqual(
      expect.arrayContaining([
        "provider_ledger_total_provider_code_currency_pk",
        "provider_ledger_delta_provider_code_id_pk",
      ]),
    );
  });
});

import { describe, expect, it } from "vitest";
import { createTestDb } from "@/tests/db";
import { olderPage, planSummary, plansOf } from "@/tests/fixtures/query-plans";
import { listWebhooks, type WebhookLogFilter } from "./webhook-log";

// The webhook log at 1,000,000 bookings reads an index in page order: no sort of every webhook.
const db = await createTestDb();
const older = olderPage;

describe("webhook log query plans", () => {
  it.each<[string, WebhookLogFilter, string]>([
    ["every webhook", {}, "idx_provider_webhooks_received"],
    ["an older page", { before: older }, "idx_provider_webhooks_received"],
    ["processed", { state: "processed" }, "idx_provider_webhooks_received"],
    ["pending", { state: "pending" }, "idx_provider_webhooks_unprocessed"],
    ["failed", { state: "failed" }, "idx_provider_webhooks_unprocessed"],
    ["unmatched, an older page", { state: "unmatched", before: older }, "idx_provider_webhooks_unprocessed"],
    ["by provider", { provider: "duffel" }, "idx_provider_webhooks_provider"],
    ["by event type", { type: "booking.cancelled" }, "idx_provider_webhooks_type"],
  ])("%s: read from its index in page order", async (_, f, index) => {
    const [plan] = await plansOf(db.url, (d) => listWebhooks(d, { limit: 50, ...f }));
    const s = planSummary(plan);
    expect(s.indexes).toContain(index);
    expect(s.sorts).toBe(false);
    expect(s.seqScans).toEqual([]);
  });
});

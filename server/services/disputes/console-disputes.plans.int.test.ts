import { describe, expect, it } from "vitest";
import { createTestDb } from "@/tests/db";
import { insertDisputableBooking } from "@/tests/fixtures/disputes";
import { olderPage, planSummary, plansOf } from "@/tests/fixtures/query-plans";
import { listDisputes } from "./console-disputes";

// /ops/disputes at 1,000,000 bookings: the open queues by deadline and the newest-first pages each
// read their index in list order, no sort of every dispute.
const db = await createTestDb();
await insertDisputableBooking(db);
const older = olderPage;

describe("disputes query plans", () => {
  it.each([
    ["open", "idx_disputes_open"],
    ["needs_evidence", "idx_disputes_awaiting_evidence"],
  ] as const)("%s: by deadline from its partial index, and a capped count", async (filter, index) => {
    const [page, count] = await plansOf(db.url, (d) => listDisputes(d, { filter }));
    expect(planSummary(page)).toMatchObject({ sorts: false, seqScans: [] });
    expect(planSummary(page).indexes).toContain(index);
    // The count may read any index that holds them (at 1,000,000 bookings: idx_disputes_status, index only).
    expect(planSummary(count).indexes).toHaveLength(1);
    expect(planSummary(count).seqScans).toEqual([]);
  });

  it.each([
    ["closed", {}, "idx_disputes_closed"],
    ["closed", { before: older }, "idx_disputes_closed"],
    ["all", {}, "idx_disputes_created"],
    ["all", { after: older }, "idx_disputes_created"],
  ] as const)("%s %o: newest first from its index", async (filter, page, index) => {
    const [plan] = await plansOf(db.url, (d) => listDisputes(d, { filter, limit: 50, ...page }));
    const s = planSummary(plan);
    expect(s.indexes).toContain(index);
    expect(s.sorts).toBe(false);
    expect(s.seqScans).toEqual([]);
  });
});

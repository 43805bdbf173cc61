import { describe, expect, it } from "vitest";
import { createTestDb } from "@/tests/db";
import { olderPage, planSummary, plansOf } from "@/tests/fixtures/query-plans";
import { listFollowUps, type FollowUpFilter } from "./follow-up-actions";

// Follow-ups at 1,000,000 bookings: every view reads its index in page order, no sort.
const db = await createTestDb();
const cursor = olderPage;
const owner = "ana@ops.test";

describe("follow-up query plans", () => {
  it.each<[string, FollowUpFilter, string]>([
    ["the open queue", { state: "open" }, "follow_ups_open"],
    ["the open queue, a later page", { state: "open", before: cursor }, "follow_ups_open"],
    ["the open queue, an earlier page", { state: "open", after: cursor }, "follow_ups_open"],
    ["mine, open", { state: "open", owner }, "follow_ups_owner_open"],
    ["resolved", { state: "resolved" }, "follow_ups_resolved_history"],
    ["resolved, an older page", { state: "resolved", before: cursor }, "follow_ups_resolved_history"],
    ["mine, resolved", { state: "resolved", owner }, "follow_ups_owner_resolved"],
    ["all", { state: "all" }, "follow_ups_history"],
    ["mine, all", { state: "all", owner }, "follow_ups_owner_history"],
  ])("%s: read from its index in page order", async (_, f, index) => {
    const [plan] = await plansOf(db.url, (d) => listFollowUps(d, { limit: 50, ...f }));
    const s = planSummary(plan);
    expect(s.indexes).toContain(index);
    expect(s.sorts).toBe(false);
    expect(s.seqScans).toEqual([]);
  });
});

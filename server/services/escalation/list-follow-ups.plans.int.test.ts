import { describe, expect, it } from "vitest";
import { decodeCursor } from "@/server/domain/page-cursor";
import { createTestDb } from "@/tests/db";
import { planSummary, plansOf } from "@/tests/fixtures/query-plans";
import { listFollowUps, type FollowUpFilter } from "./follow-up-actions";

// Follow-ups at 1,000,000 bookings: every view reads its index in page order, no sort.
const db = await createTestDb();
const cursor = decodeCursor(
  Buffer.from("2026-01-01 00:00:00+00|00000000-0000-4000-8000-000000000001").toString("base64url"),
)!;
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

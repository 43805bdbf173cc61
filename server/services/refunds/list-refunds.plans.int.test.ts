import { describe, expect, it } from "vitest";
import { createTestDb } from "@/tests/db";
import { insertDisputableBooking } from "@/tests/fixtures/disputes";
import { olderPage, planSummary, plansOf } from "@/tests/fixtures/query-plans";
import { listRefunds, refundQueue } from "./list-refunds";

// /ops/refunds at 1,000,000 bookings reads each list from its index in page order: no sort of every refund.
const db = await createTestDb();
await insertDisputableBooking(db);
const older = olderPage;

describe("refunds query plans", () => {
  it("the queue: failed first then the longest waiting from idx_refunds_queue, and its capped count", async () => {
    const [page, count] = await plansOf(db.url, (d) => refundQueue(d));
    expect(planSummary(page)).toMatchObject({ sorts: false, seqScans: [] });
    expect(planSummary(page).indexes).toContain("idx_refunds_queue");
    // The count may read any index of the owed ones (at 1,000,000 bookings: idx_refunds_due, index only).
    expect(planSummary(count).indexes).toHaveLength(1);
    expect(planSummary(count).seqScans).toEqual([]);
  });

  it.each([
    ["the history (settled ones)", {}, "idx_refunds_settled"],
    ["an older page of the history", { before: older }, "idx_refunds_settled"],
    ["by status", { status: "failed" as const }, "idx_refunds_status"],
    ["a newer page by status", { status: "pending" as const, after: older }, "idx_refunds_status"],
  ])("%s: read from its index in page order", async (_, filter, index) => {
    const [plan] = await plansOf(db.url, (d) => listRefunds(d, { limit: 50, ...filter }));
    const s = planSummary(plan);
    expect(s.indexes).toContain(index);
    expect(s.sorts).toBe(false);
    expect(s.seqScans).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { createTestDb } from "@/tests/db";
import { planSummary, plansOf } from "@/tests/fixtures/query-plans";
import { listWeeklyReports, weeklyFigures } from "./weekly-report";

// The week's figures at 1,000,000 bookings: every count is a range read of an index on its time
// column, never a scan of bookings, the status history, refunds, disputes, alerts, follow-ups or
// cancellations.
const db = await createTestDb();

describe("weekly report query plans", () => {
  it("reads every figure of the week as an index range, no table whole", async () => {
    const plans = await plansOf(db.url, (d) => weeklyFigures(d, "2026-11-30"));
    expect(plans).toHaveLength(3);
    const [perDay, money, counts] = plans.map(planSummary);
    const bookingsIndex = expect.stringMatching(/^idx_bookings_created(_money)?$/);
    expect(perDay).toMatchObject({ indexes: [bookingsIndex], seqScans: [] });
    expect(money.seqScans).toEqual([]);
    expect(money.indexes).toEqual(expect.arrayContaining(["idx_refunds_processed"]));
    expect(money.indexes).toHaveLength(2);
    expect(counts.seqScans).toEqual([]);
    // Each count reads an index by its time range (on an empty test table the planner may pick any
    // index of that range; the 1,000,000-booking database picks these).
    const ranges = plans[2].nodes
      .filter((n) => n["Index Name"])
      .map((n) => [(n as { "Index Cond"?: string })["Index Cond"] ?? "", n["Relation Name"]]);
    expect(ranges).toHaveLength(12); // one per count (the bookings are counted per day)
    for (const [cond] of ranges) expect(cond).toMatch(/_at >= .*_at < /);
    expect(new Set(ranges.map(([, table]) => table))).toEqual(
      new Set([
        "cancellation_requests",
        "booking_status_history",
        "refunds",
        "disputes",
        "alerts",
        "manual_follow_ups",
      ]),
    );
    expect(counts.indexes).toEqual(
      expect.arrayContaining(["idx_status_history_changes", "idx_cancellations_completed"]),
    );
  });

  it("lists the stored weeks newest first from the unique week index", async () => {
    const [plan] = await plansOf(db.url, (d) => listWeeklyReports(d));
    expect(planSummary(plan)).toMatchObject({ sorts: false, seqScans: [] });
  });
});

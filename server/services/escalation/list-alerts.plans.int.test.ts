import { describe, expect, it } from "vitest";
import { createTestDb } from "@/tests/db";
import { olderPage, planSummary, plansOf } from "@/tests/fixtures/query-plans";
import { type AlertFilter, listAlerts, listLocalSlackMessages } from "./alert-actions";
import { raiseAlert } from "./raise-alert";

// The alerts inbox at 1,000,000 bookings: the queue's top and its capped count are read from the
// partial index of unresolved alerts; the history pages from alerts_history; no sort of every alert.
const db = await createTestDb();
await raiseAlert(db, { severity: "high", source: "plans_test", title: "Plans" });
const older = olderPage;

describe("alerts inbox query plans", () => {
  it.each([
    ["the queue", { status: ["open", "acknowledged"] }, ["alerts_unresolved"]],
    [
      "the queue by severity",
      { status: ["open", "acknowledged"], severity: ["critical", "high"] },
      ["alerts_unresolved"],
    ],
    // Open only: either partial index serves it (alerts_unacknowledged is the dashboard's).
    ["open only", { status: ["open"] }, ["alerts_unresolved", "alerts_unacknowledged"]],
  ] satisfies [string, AlertFilter, string[]][])(
    "%s: its top and its count from a partial index",
    async (_, f, indexes) => {
      const plans = await plansOf(db.url, (d) => listAlerts(d, f));
      expect(plans).toHaveLength(2);
      for (const plan of plans) {
        const s = planSummary(plan);
        expect(
          s.indexes.some((i) => indexes.includes(i)),
          s.indexes.join(),
        ).toBe(true);
        expect(s.sorts).toBe(false);
        expect(s.seqScans).toEqual([]);
      }
    },
  );

  it.each([
    ["everything", {}],
    ["resolved", { status: ["resolved" as const] }],
    [
      "an older page of resolved critical ones",
      { status: ["resolved" as const], severity: ["critical" as const], before: older },
    ],
  ])("history, %s: pages from alerts_history", async (_, f) => {
    const [plan] = await plansOf(db.url, (d) => listAlerts(d, { limit: 50, ...f }));
    const s = planSummary(plan);
    expect(s.indexes).toContain("alerts_history");
    expect(s.sorts).toBe(false);
    expect(s.seqScans).toEqual([]);
  });

  it("the local Slack channel's latest messages from its index", async () => {
    const [plan] = await plansOf(db.url, (d) => listLocalSlackMessages(d));
    expect(planSummary(plan)).toMatchObject({ indexes: ["local_slack_messages_created"], sorts: false, seqScans: [] });
  });
});

import { describe, expect, it } from "vitest";
import { createTestDb } from "@/tests/db";
import { planSummary, plansOf } from "@/tests/fixtures/query-plans";
import { searchBookings } from "./search-bookings";

// The dashboard's tiles open these lists: at 1,000,000 bookings each must read a small index in
// page order, not walk every booking newest first looking for the few that match.
const db = await createTestDb();

describe("bookings list query plans", () => {
  it("open issues: the page and its count read idx_bookings_open_issues, no sort", async () => {
    const plans = await plansOf(db.url, (d) => searchBookings(d, { open: "issue" }));
    expect(plans).toHaveLength(2);
    for (const p of plans) {
      const s = planSummary(p);
      expect(s.indexes).toContain("idx_bookings_open_issues");
      expect(s.sorts).toBe(false);
      expect(s.seqScans).toEqual([]);
    }
  });

  it("open cancellations: read from the open requests' index, latest first, no sort", async () => {
    const plans = await plansOf(db.url, (d) => searchBookings(d, { open: "cancellation" }));
    const [page, count] = plans.map(planSummary);
    expect(page.indexes).toContain("cancellations_open_created");
    expect(page.sorts).toBe(false);
    expect(count.seqScans).toEqual([]);
  });
});

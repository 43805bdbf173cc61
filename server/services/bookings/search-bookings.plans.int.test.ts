import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { seedDemo } from "@/db/seed";
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

describe("search estimates", () => {
  // At 1,000,000 bookings the planner, without statistics on the search expression, guessed that
  // "brow" matched 100 bookings and sorted the 26,000 it did (127 ms, not 2 ms). A small database
  // plans either way alike, so this checks that ANALYZE keeps statistics on that very expression.
  it("ANALYZE keeps statistics on the search expression (bookings_search_text)", async () => {
    const seeded = await createTestDb();
    await seedDemo(seeded, { bookings: 400 });
    await seeded.execute(sql`analyze bookings`);
    const rows = await seeded.$sql<{ expr: string; distinct: number }[]>`
      select expr, n_distinct as distinct from pg_stats_ext_exprs where statistics_name = 'bookings_search_text'`;
    expect(rows).toHaveLength(1);
    expect(rows[0].expr).toContain("lead_last_name");
    expect(rows[0].distinct).not.toBe(0);
    // A histogram wide enough that a name in 2.6% of bookings is never missed by the sample.
    const [{ target }] = await seeded.$sql<{ target: number }[]>`
      select stxstattarget::int as target from pg_statistic_ext where stxname = 'bookings_search_text'`;
    expect(target).toBe(1000);
  });
});

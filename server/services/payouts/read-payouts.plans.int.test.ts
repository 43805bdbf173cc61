import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { PageRequest } from "@/server/domain/page-cursor";
import { createTestDb } from "@/tests/db";
import { olderPage, planSummary, plansOf } from "@/tests/fixtures/query-plans";
import { seedPayoutProvider } from "@/tests/fixtures/payouts";
import { listPayoutDisputes, listUnmatchedLines } from "./read-payouts";

// The payouts page's lists at a provider with many statements read their index in page order.
const db = await createTestDb();
await seedPayoutProvider(db, "plan-air");
await db.execute(sql`insert into payout_statements (id, provider_code, statement_id, currency, period_from, period_to, line_count, total_minor, imported_by)
  values ('00000000-0000-4000-8000-0000000000a1', 'plan-air', 'S', 'EUR', '2026-11-01', '2026-11-30', 0, 0, 'test')`);
await db.execute(sql`insert into payout_statement_lines (statement_id, provider_code, row_number, line_id, provider_reference, type, amount_minor, currency, occurred_on, match_status)
  select '00000000-0000-4000-8000-0000000000a1', 'plan-air', g, 'L' || g, 'R' || g, 'booking', 100, 'EUR', '2026-11-10',
         case when g % 50 = 0 then 'unknown' else 'matched' end
  from generate_series(1, 3000) g`);
await db.execute(sql`insert into payout_disputes (provider_code, statement_id, kind, type, provider_reference, statement_amount_minor, currency, status, resolution_note, resolved_at)
  select 'plan-air', '00000000-0000-4000-8000-0000000000a1', 'unknown_line', 'booking', 'R' || g, 100, 'EUR',
         case when g % 10 = 0 then 'open' else 'resolved' end, case when g % 10 = 0 then null else 'ok' end,
         case when g % 10 = 0 then null else now() end
  from generate_series(1, 3000) g`);
await db.execute(sql`analyze payout_statement_lines; analyze payout_disputes`);

describe("payouts query plans", () => {
  const pages: [string, PageRequest][] = [
    ["first page", { limit: 25 }],
    ["an older page", { limit: 25, before: olderPage }],
  ];
  it.each(pages)("unmatched lines, %s: the partial index in page order", async (_, page) => {
    const [plan] = await plansOf(db.url, (d) => listUnmatchedLines(d, "plan-air", page));
    expect(planSummary(plan)).toMatchObject({ sorts: false, seqScans: [] });
    expect(planSummary(plan).indexes).toContain("idx_payout_lines_unmatched");
  });
  it.each(pages)("open disputes, %s: a provider index in page order", async (_, page) => {
    const [plan] = await plansOf(db.url, (d) => listPayoutDisputes(d, "plan-air", { status: "open" }, page));
    expect(planSummary(plan)).toMatchObject({ sorts: false, seqScans: [] });
    expect(planSummary(plan).indexes.join()).toMatch(/idx_payout_disputes_provider/);
  });
  it.each(pages)("every dispute, %s: the provider index in page order", async (_, page) => {
    const [plan] = await plansOf(db.url, (d) => listPayoutDisputes(d, "plan-air", {}, page));
    expect(planSummary(plan)).toMatchObject({ sorts: false, seqScans: [] });
    expect(planSummary(plan).indexes).toContain("idx_payout_disputes_provider_all");
  });
});

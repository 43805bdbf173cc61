import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { IMPORT_CLIENT_ID } from "@/server/services/api-clients/import-client";
import { createTestDb } from "@/tests/db";
import { olderPage, planSummary, plansOf } from "@/tests/fixtures/query-plans";
import { intakeOfBooking, type IntakeLogFilter, listIntakeLog } from "./list-intake-log";

// The intake log at 1,000,000 requests reads an index in page order: no sort of every request.
const db = await createTestDb();
const older = olderPage;
// Empty, the session index and the booking index cost alike for a booking's intake, and the planner
// may walk every created request; a log of some size, analysed, answers as the large one does.
await db.execute(sql`insert into intake_requests (client_id, session_id, outcome, http_status, response)
  select ${IMPORT_CLIENT_ID}, 'cs_' || g, 'created', 201, '{}' from generate_series(1, 2000) g`);
await db.execute(sql`analyze intake_requests`);
const client = "00000000-0000-4000-8000-0000000000c1";

describe("intake log query plans", () => {
  it.each<[string, IntakeLogFilter, string]>([
    ["every request", {}, "intake_requests_created"],
    ["an older page", { before: older }, "intake_requests_created"],
    ["by outcome", { outcome: "invalid" }, "intake_requests_outcome_created"],
    ["by outcome, an older page", { outcome: "conflict", before: older }, "intake_requests_outcome_created"],
    ["by client", { clientId: client }, "intake_requests_client_created"],
    ["by client, a newer page", { clientId: client, after: older }, "intake_requests_client_created"],
  ])("%s: read from its index in page order", async (_, f, index) => {
    const [plan] = await plansOf(db.url, (d) => listIntakeLog(d, { limit: 50, ...f }));
    const s = planSummary(plan);
    expect(s.indexes).toContain(index);
    expect(s.sorts).toBe(false);
    expect(s.seqScans).toEqual([]);
  });

  it("a booking's intake: the partial index of requests with a booking", async () => {
    const [plan] = await plansOf(db.url, (d) => intakeOfBooking(d, "00000000-0000-4000-8000-0000000000b1"));
    expect(planSummary(plan)).toMatchObject({ sorts: false, seqScans: [] });
    expect(planSummary(plan).indexes).toContain("intake_requests_booking");
  });
});

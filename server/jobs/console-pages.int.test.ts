import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { jobFunctions, jobRuns } from "@/db/schema";
import { createTestDb } from "@/tests/db";
import { expectKeysetPaging } from "@/tests/fixtures/keyset-paging";
import { planSummary, plansOf } from "@/tests/fixtures/query-plans";
import { callerAs, sessions } from "@/tests/sessions";
import { listJobFunctions, listJobRuns } from "./console";

const db = await createTestDb();
const ops = callerAs(db, sessions.ops());
const older = { at: "2026-01-01 00:00:00+00", id: "00000000-0000-4000-8000-000000000001" };

const fn = async (id: string) =>
  db.insert(jobFunctions).values({ id, appId: "test-app", name: `Fn ${id}`, url: "http://localhost/x", config: {} });
const runs = async (functionId: string, status: "completed" | "failed", micros: string[]) => {
  const ids: string[] = [];
  for (const micro of micros) {
    const [r] = await db
      .insert(jobRuns)
      .values({ functionId, status, event: { name: "test/event" }, nextRunAt: new Date(), maxAttempts: 1 })
      .returning({ id: jobRuns.id });
    await db.execute(sql`update job_runs set created_at = ${`2100-01-01 00:00:00.${micro}+00`} where id = ${r.id}`);
    ids.push(r.id);
  }
  return ids;
};

describe("/ops/jobs runs", () => {
  it("page by keyset, newest first, even within one millisecond, by function and status too", async () => {
    await fn("paging-a");
    await fn("paging-b");
    const a = await runs("paging-a", "completed", ["000600", "000500", "000400"]);
    const b = await runs("paging-b", "failed", ["000900", "000800", "000700"]);
    await expectKeysetPaging((p) => ops.ops.jobs.runs(p), [...b, ...a]);
    await expectKeysetPaging((p) => ops.ops.jobs.runs({ functionId: "paging-a", ...p }), a);
    await expectKeysetPaging((p) => ops.ops.jobs.runs({ status: "failed", ...p }), b);
    const { outbox } = await ops.ops.jobs.overview();
    expect(outbox).toMatchObject({ pending: expect.any(Number), sent: expect.any(Number), sentIsEstimate: false });
    const fns = await listJobFunctions(db);
    expect(fns.find((f) => f.id === "paging-a")?.lastRun?.id).toBe(a[0]);
    expect(fns.find((f) => f.id === "paging-b")?.lastRun).toMatchObject({ id: b[0], status: "failed" });
  });

  it.each([
    ["every run", {}, "job_runs_created"],
    ["an older page", { before: older }, "job_runs_created"],
    ["a function's", { functionId: "paging-a" }, "job_runs_function"],
    ["by status, an older page", { status: "failed" as const, before: older }, "job_runs_status"],
  ])("%s: read from its index in page order", async (_, f, index) => {
    const [plan] = await plansOf(db.url, (d) => listJobRuns(d, { limit: 50, ...f }));
    const s = planSummary(plan);
    expect(s.indexes).toContain(index);
    expect(s.sorts).toBe(false);
    expect(s.seqScans.filter((t) => t !== "job_functions")).toEqual([]);
  });

  it("each function's last run is the top of job_runs_function, not a pass over every run", async () => {
    const plans = await plansOf(db.url, (d) => listJobFunctions(d));
    const last = plans.find((p) => /job_runs/.test(p.query))!;
    const s = planSummary(last);
    expect(s.indexes).toContain("job_runs_function");
    expect(s.sorts).toBe(false);
    expect(s.seqScans.filter((t) => t !== "job_functions")).toEqual([]);
  });
});

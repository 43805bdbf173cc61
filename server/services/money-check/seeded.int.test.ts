// The demo seed writes the local gateway's side of its money (db/seed/gateway.ts): the money check
// is green on it, with charges, refunds and chargebacks counted; the daily function runs it.
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { moneyChecks } from "@/db/schema";
import { seedDemo } from "@/db/seed";
import { startLocalApp } from "@/inngest/local-app";
import { getJobRun, listJobFunctions, runCronNow } from "@/server/jobs/console";
import { createTestDb } from "@/tests/db";
import { waitFor } from "@/tests/job-harness";
import { runMoneyCheck } from "./run-money-check";

const db = await createTestDb();
await seedDemo(db, { bookings: 600 });
const app = await startLocalApp(db, { only: ["money-check"] });
afterAll(() => app.close());

describe("money check on the demo seed", () => {
  it("is green, every card line counted", async () => {
    const run = await runMoneyCheck(db, { triggeredBy: "test", now: new Date(Date.now() + 3 * 3_600_000) });
    expect(run.differences).toEqual([]);
    expect(run.status).toBe("green");
    const total = (line: string) => run.lines.filter((l) => l.line === line).reduce((s, l) => s + l.oursMinor, 0);
    expect(total("card_charges")).toBeGreaterThan(0);
    expect(total("card_refunds")).toBeGreaterThan(0);
    expect(total("card_chargebacks")).toBeGreaterThan(0);
    for (const l of run.lines) expect(l.differenceMinor).toBe(0);
  });

  it("runs daily as its own function, and from the console's run now", async () => {
    const fn = (await listJobFunctions(db)).find((f) => f.name === "Daily money check")!;
    expect(fn.cron).toBe("30 4 * * *");
    const runId = await runCronNow(db, fn.id);
    const job = await waitFor(
      async () => {
        const r = await getJobRun(db, runId);
        return r && ["completed", "failed"].includes(r.status) ? r : null;
      },
      30_000,
      "the money check run",
    );
    expect(job.status).toBe("completed");
    const rows = await db.select().from(moneyChecks).where(eq(moneyChecks.triggeredBy, "system:money-check"));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "green", differenceCount: 0 });
  });
});

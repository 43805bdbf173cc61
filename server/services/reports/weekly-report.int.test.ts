import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { seedDemo } from "@/db/seed";
import { startLocalApp } from "@/inngest/local-app";
import { getJobRun, listJobFunctions, runCronNow } from "@/server/jobs/console";
import { waitFor } from "@/tests/job-harness";
import { createTestDb } from "@/tests/db";
import { lastWeekStart, weeklyFigures } from "./weekly-report";

const db = await createTestDb();
const q = async <T>(query: ReturnType<typeof sql>) => (await db.execute(query)) as unknown as T[];
await seedDemo(db, { bookings: 300 });
const app = await startLocalApp(db, { only: ["weekly-report"] });
afterAll(() => app.close());

describe("weekly report", () => {
  it("takes last week's Monday in UTC", () => {
    expect(lastWeekStart(new Date("2026-11-24T10:00:00Z"))).toBe("2026-11-16"); // a Tuesday
    expect(lastWeekStart(new Date("2026-11-23T00:30:00Z"))).toBe("2026-11-16"); // a Monday
    expect(lastWeekStart(new Date("2026-11-22T23:59:00Z"))).toBe("2026-11-09"); // a Sunday
  });

  it("counts the week's bookings per day and its money per currency, as the rows say", async () => {
    const week = lastWeekStart(new Date());
    const f = await weeklyFigures(db, week);
    const [c] = await q<{ n: number }>(
      sql`select count(*)::int as n from bookings where created_at >= ${week}::date and created_at < ${week}::date + 7`,
    );
    expect(f.bookings).toBe(c.n);
    expect(f.perDay).toHaveLength(7);
    expect(f.perDay.reduce((s, d) => s + d.bookings, 0)).toBe(c.n);
    const money = await q<{
      currency: string;
      paid: number;
    }>(sql`select currency, sum(paid_minor)::int as paid from bookings
      where created_at >= ${week}::date and created_at < ${week}::date + 7 group by 1`);
    for (const m of money) expect(f.money.find((x) => x.currency === m.currency)?.revenueMinor).toBe(m.paid);
    const back = await q<{
      currency: string;
      refunded: number;
    }>(sql`select currency, sum(amount_minor)::int as refunded from refunds
      where status = 'succeeded' and processed_at >= ${week}::date and processed_at < ${week}::date + 7 group by 1`);
    for (const m of f.money)
      expect(m.refundedMinor, m.currency).toBe(back.find((b) => b.currency === m.currency)?.refunded ?? 0);
  });

  it("runs on its schedule's function: compiles the week once and mails the founder once", async () => {
    const fn = (await listJobFunctions(db)).find((f) => f.name === "Weekly report")!;
    expect(fn.cron).toBe("0 7 * * 1");
    for (let i = 0; i < 2; i++) {
      const runId = await runCronNow(db, fn.id);
      const run = await waitFor(
        async () => {
          const r = await getJobRun(db, runId);
          return r && ["completed", "failed"].includes(r.status) ? r : null;
        },
        30_000,
        "the report run",
      );
      expect(run.status).toBe("completed");
    }
    const [r] = await q<{ reports: number; mails: number; subject: string }>(sql`select
      (select count(*)::int from weekly_reports) as reports,
      (select count(*)::int from mail_outbox where tag = 'weekly_report') as mails,
      (select subject from mail_outbox where tag = 'weekly_report' limit 1) as subject`);
    expect(r).toMatchObject({ reports: 1, mails: 1 });
    expect(r.subject).toContain(`Week of ${lastWeekStart(new Date())}`);
  });
});

import { cron } from "inngest";
import { getDb } from "@/db/client";
import { compileWeeklyReport, lastWeekStart } from "@/server/services/reports/weekly-report";
import { sendWeeklyReport } from "@/server/services/reports/send-weekly-report";
import { inngest } from "../client";

/** The spec's weekly report: Monday morning, last week's figures to the founder and on /ops/reports. */
export const weeklyReportFn = inngest.createFunction(
  { id: "weekly-report", name: "Weekly report", triggers: [cron("0 7 * * 1")], concurrency: { limit: 1 }, retries: 3 },
  async ({ step }) => {
    const weekStart = await step.run("week", () => lastWeekStart(new Date()));
    await step.run("compile", async () => {
      await compileWeeklyReport(getDb(), weekStart);
    });
    return step.run("send", () => sendWeeklyReport(getDb(), weekStart));
  },
);

import { lastWeekStart, listWeeklyReports, weeklyFigures } from "@/server/services/reports/weekly-report";
import { createTRPCRouter, opsProcedure } from "@/server/trpc/init";

export const opsReportsRouter = createTRPCRouter({
  list: opsProcedure.query(({ ctx }) => listWeeklyReports(ctx.db)),
  /** This week so far, computed live (not stored: only finished weeks are). */
  current: opsProcedure.query(({ ctx }) => {
    const now = new Date();
    return weeklyFigures(ctx.db, new Date(Date.parse(lastWeekStart(now)) + 7 * 86_400_000).toISOString().slice(0, 10));
  }),
});

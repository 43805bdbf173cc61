import { getCriticalItems } from "@/server/services/metrics/critical-items";
import { getDashboardMetrics } from "@/server/services/metrics/dashboard-metrics";
import { createTRPCRouter, opsProcedure } from "@/server/trpc/init";

export const opsDashboardRouter = createTRPCRouter({
  /** Everything `/ops` shows, in one call: the metrics and the critical items. */
  overview: opsProcedure.query(async ({ ctx }) => {
    const now = new Date();
    const [metrics, critical] = await Promise.all([
      getDashboardMetrics(ctx.db, { now }),
      getCriticalItems(ctx.db, { now }),
    ]);
    return { metrics, critical };
  }),
});

import { dashboardSummary, eventOutboxHealth } from "@/server/services/console/dashboard-summary";
import { listAlerts, listDisputes, listFollowUps, listMail, listProviders, listRefunds } from "@/server/services/console/list-queues";
import { createTRPCRouter, opsProcedure } from "@/server/trpc/init";

export const opsConsoleRouter = createTRPCRouter({
  summary: opsProcedure.query(({ ctx }) => dashboardSummary(ctx.db)),
  disputes: opsProcedure.query(({ ctx }) => listDisputes(ctx.db)),
  refunds: opsProcedure.query(({ ctx }) => listRefunds(ctx.db)),
  followUps: opsProcedure.query(({ ctx }) => listFollowUps(ctx.db)),
  alerts: opsProcedure.query(({ ctx }) => listAlerts(ctx.db)),
  providers: opsProcedure.query(({ ctx }) => listProviders(ctx.db)),
  mail: opsProcedure.query(({ ctx }) => listMail(ctx.db)),
  eventOutbox: opsProcedure.query(async ({ ctx }) => ({ events: await eventOutboxHealth(ctx.db) })),
});

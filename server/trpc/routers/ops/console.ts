import { eventOutboxHealth } from "@/server/services/console/dashboard-summary";
import { listDisputes, listMail, listProviders, listRefunds } from "@/server/services/console/list-queues";
import { createTRPCRouter, opsProcedure } from "@/server/trpc/init";

export const opsConsoleRouter = createTRPCRouter({
  disputes: opsProcedure.query(({ ctx }) => listDisputes(ctx.db)),
  refunds: opsProcedure.query(({ ctx }) => listRefunds(ctx.db)),
  providers: opsProcedure.query(({ ctx }) => listProviders(ctx.db)),
  mail: opsProcedure.query(({ ctx }) => listMail(ctx.db)),
  eventOutbox: opsProcedure.query(async ({ ctx }) => ({ events: await eventOutboxHealth(ctx.db) })),
});

import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { pageInput, pageRequest } from "@/server/domain/page-cursor";
import { getMoneyCheck, latestMoneyCheck, listMoneyChecks } from "@/server/services/money-check/list-money-checks";
import { runMoneyCheck } from "@/server/services/money-check/run-money-check";
import { createTRPCRouter, opsProcedure } from "@/server/trpc/init";

export const opsMoneyCheckRouter = createTRPCRouter({
  latest: opsProcedure.query(({ ctx }) => latestMoneyCheck(ctx.db)),
  list: opsProcedure.input(z.object(pageInput)).query(({ ctx, input }) => listMoneyChecks(ctx.db, pageRequest(input))),
  get: opsProcedure.input(z.object({ id: z.uuid() })).query(async ({ ctx, input }) => {
    const run = await getMoneyCheck(ctx.db, input.id);
    if (!run) throw new TRPCError({ code: "NOT_FOUND", message: "No such money check" });
    return run;
  }),
  /** Ops runs the check now (the daily job runs the same function). */
  runNow: opsProcedure.mutation(async ({ ctx }) => {
    const run = await runMoneyCheck(ctx.db, { triggeredBy: `ops:${ctx.actor.id ?? "unknown"}` });
    return { id: run.id, status: run.status, differenceCount: run.differenceCount };
  }),
});

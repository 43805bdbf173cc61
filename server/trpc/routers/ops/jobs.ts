import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { pageInput } from "@/server/domain/page-cursor";
import { cancelRun, getJobRun, listJobFunctions, listJobRuns, replayRun, runCronNow } from "@/server/jobs/console";
import { eventOutboxHealth } from "@/server/services/events/outbox-health";
import { createTRPCRouter, opsProcedure } from "@/server/trpc/init";

const runStatuses = ["queued", "running", "sleeping", "completed", "failed", "cancelled"] as const;
const runId = z.object({ runId: z.uuid() });

export const opsJobsRouter = createTRPCRouter({
  overview: opsProcedure.query(async ({ ctx }) => ({
    functions: await listJobFunctions(ctx.db),
    outbox: await eventOutboxHealth(ctx.db),
  })),
  runs: opsProcedure
    .input(
      z
        .object({
          functionId: z.string().max(200).optional(),
          status: z.enum(runStatuses).optional(),
          ...pageInput,
        })
        .prefault({}),
    )
    .query(({ ctx, input }) => listJobRuns(ctx.db, input)),
  run: opsProcedure.input(runId).query(async ({ ctx, input }) => {
    const run = await getJobRun(ctx.db, input.runId);
    if (!run) throw new TRPCError({ code: "NOT_FOUND", message: "No such run" });
    return run;
  }),
  runNow: opsProcedure.input(z.object({ functionId: z.string().min(1).max(200) })).mutation(async ({ ctx, input }) => {
    const fn = (await listJobFunctions(ctx.db)).find((f) => f.id === input.functionId && !f.removed);
    if (!fn) throw new TRPCError({ code: "NOT_FOUND", message: "No such function" });
    if (!fn.cron) throw new TRPCError({ code: "BAD_REQUEST", message: "Only scheduled functions can be run now" });
    return { runId: await runCronNow(ctx.db, fn.id) };
  }),
  replay: opsProcedure.input(runId).mutation(async ({ ctx, input }) => {
    const run = await getJobRun(ctx.db, input.runId);
    if (!run) throw new TRPCError({ code: "NOT_FOUND", message: "No such run" });
    if (run.status !== "failed" && run.status !== "cancelled")
      throw new TRPCError({ code: "BAD_REQUEST", message: "Only a failed or cancelled run can be replayed" });
    return { runId: await replayRun(ctx.db, input.runId) };
  }),
  cancel: opsProcedure.input(runId).mutation(async ({ ctx, input }) => {
    if (!(await cancelRun(ctx.db, input.runId)))
      throw new TRPCError({ code: "BAD_REQUEST", message: "The run has already finished" });
    return { ok: true };
  }),
});

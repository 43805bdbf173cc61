import { z } from "zod";
import { instant } from "@/server/domain/input";
import { pageInput } from "@/server/domain/page-cursor";
import { listFollowUps, resolveFollowUp, updateFollowUp } from "@/server/services/escalation/follow-up-actions";
import { createTRPCRouter, opsProcedure } from "@/server/trpc/init";

export const opsFollowUpsRouter = createTRPCRouter({
  list: opsProcedure
    .input(
      z
        .object({
          state: z.enum(["open", "resolved", "all"]).optional(),
          owner: z.string().trim().min(1).max(200).optional(),
          bookingId: z.uuid().optional(),
          ...pageInput,
        })
        .prefault({}),
    )
    .query(({ ctx, input }) => listFollowUps(ctx.db, input)),
  resolve: opsProcedure
    .input(z.object({ followUpId: z.uuid(), note: z.string().trim().min(1, "Say what was done").max(2000) }))
    .mutation(({ ctx, input }) => resolveFollowUp(ctx.db, { ...input, actor: ctx.actor })),
  update: opsProcedure
    .input(
      z.object({
        followUpId: z.uuid(),
        owner: z
          .string()
          .trim()
          .max(200)
          .nullable()
          .optional()
          .transform((o) => (o === "" ? null : o)),
        dueAt: instant.optional(),
      }),
    )
    .mutation(({ ctx, input }) => updateFollowUp(ctx.db, { ...input, actor: ctx.actor })),
});

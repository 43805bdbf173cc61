import { actorLabel } from "@/server/domain/actor";
import { z } from "zod";
import { pageInput } from "@/server/domain/page-cursor";
import { commStatuses } from "@/server/domain/statuses";
import { clearContactFlag, getOutboxMessage, listAccountMail, listOutbox } from "@/server/services/comms/list-outbox";
import { resendCommunication } from "@/server/services/comms/resend-communication";
import { createTRPCRouter, opsProcedure } from "@/server/trpc/init";

export const opsOutboxRouter = createTRPCRouter({
  list: opsProcedure
    .input(
      z
        .object({
          status: z.enum(commStatuses).optional(),
          channel: z.enum(["email", "sms", "push"]).optional(),
          ...pageInput,
        })
        .prefault({}),
    )
    .query(({ ctx, input }) => listOutbox(ctx.db, input)),
  accountMail: opsProcedure.query(({ ctx }) => listAccountMail(ctx.db)),
  get: opsProcedure.input(z.object({ id: z.uuid() })).query(({ ctx, input }) => getOutboxMessage(ctx.db, input.id)),
  resend: opsProcedure
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => resendCommunication(ctx.db, { communicationId: input.id })),
  clearFlag: opsProcedure
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => clearContactFlag(ctx.db, { id: input.id, by: actorLabel(ctx.actor) })),
});

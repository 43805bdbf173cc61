import { z } from "zod";
import {
  getWebhook,
  listWebhooks,
  replayWebhook,
  webhookLogInput,
} from "@/server/services/provider-events/webhook-log";
import { createTRPCRouter, opsProcedure } from "@/server/trpc/init";

export const opsWebhooksRouter = createTRPCRouter({
  list: opsProcedure.input(webhookLogInput).query(({ ctx, input }) => listWebhooks(ctx.db, input)),
  get: opsProcedure.input(z.object({ id: z.uuid() })).query(({ ctx, input }) => getWebhook(ctx.db, input.id)),
  replay: opsProcedure.input(z.object({ id: z.uuid() })).mutation(({ ctx, input }) => replayWebhook(ctx.db, input.id)),
});

import { z } from "zod";
import { pageInput } from "@/server/domain/page-cursor";
import { alertStatuses, severities } from "@/server/domain/statuses";
import {
  actionHistory,
  actOnAlert,
  listAlerts,
  listLocalSlackMessages,
} from "@/server/services/escalation/alert-actions";
import { createTRPCRouter, opsProcedure } from "@/server/trpc/init";

export const opsAlertsRouter = createTRPCRouter({
  list: opsProcedure
    .input(
      z
        .object({
          severity: z.array(z.enum(severities)).max(4).optional(),
          status: z.array(z.enum(alertStatuses)).max(3).optional(),
          ...pageInput,
        })
        .prefault({}),
    )
    .query(({ ctx, input }) => listAlerts(ctx.db, input)),
  localSlack: opsProcedure.query(({ ctx }) => listLocalSlackMessages(ctx.db)),
  history: opsProcedure
    .input(z.object({ alertId: z.uuid() }))
    .query(({ ctx, input }) => actionHistory(ctx.db, input.alertId)),
  acknowledge: opsProcedure
    .input(z.object({ alertId: z.uuid(), note: z.string().trim().max(2000).optional() }))
    .mutation(({ ctx, input }) => actOnAlert(ctx.db, { ...input, action: "acknowledge", actor: ctx.actor })),
  resolve: opsProcedure
    .input(z.object({ alertId: z.uuid(), note: z.string().trim().max(2000).optional() }))
    .mutation(({ ctx, input }) => actOnAlert(ctx.db, { ...input, action: "resolve", actor: ctx.actor })),
});

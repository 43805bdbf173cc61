import { z } from "zod";
import { modificationStatuses } from "@/server/domain/statuses";
import { listModificationsForOps } from "@/server/services/modifications/list-modifications";
import { createTRPCRouter, opsProcedure } from "@/server/trpc/init";

export const opsModificationsRouter = createTRPCRouter({
  list: opsProcedure
    .input(
      z.object({
        bookingId: z.uuid().optional(),
        statuses: z.array(z.enum(modificationStatuses)).max(7).optional(),
        limit: z.number().int().min(1).max(500).optional(),
      }),
    )
    .query(({ ctx, input }) => listModificationsForOps(ctx.db, input)),
});

import { z } from "zod";
import { listDocumentsForViewer } from "@/server/services/documents/document-access";
import { createTRPCRouter, opsProcedure } from "@/server/trpc/init";

export const opsDocumentsRouter = createTRPCRouter({
  list: opsProcedure.input(z.object({ bookingId: z.uuid() }))
    .query(({ ctx, input }) => listDocumentsForViewer(ctx.db, { kind: "ops" }, input.bookingId)),
});

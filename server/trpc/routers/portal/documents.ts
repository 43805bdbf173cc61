import { z } from "zod";
import { listDocumentsForViewer } from "@/server/services/documents/document-access";
import { createTRPCRouter, travelerProcedure } from "@/server/trpc/init";

export const portalDocumentsRouter = createTRPCRouter({
  /** The latest version of each document of one of the viewer's bookings (someone else's: empty). */
  list: travelerProcedure
    .input(z.object({ bookingId: z.uuid() }))
    .query(({ ctx, input }) => listDocumentsForViewer(ctx.db, ctx.viewer, input.bookingId)),
});

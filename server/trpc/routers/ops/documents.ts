import { z } from "zod";
import { listDocumentsForViewer } from "@/server/services/documents/document-access";
import { requestBookingDocuments } from "@/server/services/documents/request-documents";
import { createTRPCRouter, opsProcedure } from "@/server/trpc/init";

export const opsDocumentsRouter = createTRPCRouter({
  list: opsProcedure
    .input(z.object({ bookingId: z.uuid() }))
    .query(({ ctx, input }) => listDocumentsForViewer(ctx.db, { kind: "ops" }, input.bookingId)),
  /** (Re)generate a booking's documents now; they appear on the booking within seconds. */
  generate: opsProcedure
    .input(z.object({ bookingId: z.uuid() }))
    .mutation(({ ctx, input }) => requestBookingDocuments(ctx.db, input.bookingId, ctx.actor)),
});

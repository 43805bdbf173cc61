import { z } from "zod";
import { confirmCancellation } from "@/server/services/cancellations/confirm-cancellation";
import { requestCancellation } from "@/server/services/cancellations/request-cancellation";
import { createTRPCRouter, travelerProcedure } from "@/server/trpc/init";
import { bookingReference } from "./bookings";

export const portalCancellationsRouter = createTRPCRouter({
  /** An itemised refund quote for cancelling some or all items; confirm it before it expires. */
  quote: travelerProcedure
    .input(
      z.object({
        reference: bookingReference,
        itemIds: z.array(z.uuid()).max(50).optional(),
        reason: z.string().trim().max(255).optional(),
      }),
    )
    .mutation(({ ctx, input }) => requestCancellation(ctx.db, { viewer: ctx.viewer }, input)),
  confirm: travelerProcedure
    .input(z.object({ cancellationId: z.uuid() }))
    .mutation(({ ctx, input }) => confirmCancellation(ctx.db, { viewer: ctx.viewer }, input)),
});

import { z } from "zod";
import { confirmCancellation } from "@/server/services/cancellations/confirm-cancellation";
import { requestCancellation } from "@/server/services/cancellations/request-cancellation";
import { createTRPCRouter, travelerProcedure } from "@/server/trpc/init";
import { bookingReference } from "./bookings";

// Shared with ops acting for the traveler (server/trpc/routers/ops/on-behalf.ts).
export const cancellationQuoteInput = z.object({
  reference: bookingReference,
  itemIds: z.array(z.uuid()).max(50).optional(),
  reason: z.string().trim().max(255).optional(),
});
export const cancellationConfirmInput = z.object({
  cancellationId: z.uuid(),
  /** The signed-in owner may take the card part as travel credit, with the founder's bonus (never a guest). */
  refundAs: z.enum(["card", "credit"]).optional(),
});

export const portalCancellationsRouter = createTRPCRouter({
  /** An itemised refund quote for cancelling some or all items; confirm it before it expires. */
  quote: travelerProcedure
    .input(cancellationQuoteInput)
    .mutation(({ ctx, input }) => requestCancellation(ctx.db, { viewer: ctx.viewer }, input)),
  confirm: travelerProcedure
    .input(cancellationConfirmInput)
    .mutation(({ ctx, input }) => confirmCancellation(ctx.db, { viewer: ctx.viewer }, input)),
});

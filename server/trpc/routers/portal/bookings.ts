import { z } from "zod";
import { bookingActionsForViewer } from "@/server/services/bookings/booking-actions";
import { getBookingForViewer } from "@/server/services/bookings/get-booking";
import { listTravelerBookings } from "@/server/services/bookings/list-traveler-bookings";
import { respondToScheduleChange } from "@/server/services/provider-events/respond-to-schedule-change";
import { createTRPCRouter, travelerProcedure } from "@/server/trpc/init";

export const bookingReference = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9-]{4,20}$/, "Not a booking reference");

/** Shared with ops acting for the traveler (server/trpc/routers/ops/on-behalf.ts). */
export const scheduleAnswerInput = z.object({
  reference: bookingReference,
  itemId: z.uuid(),
  decision: z.enum(["accept", "reject"]),
});

export const portalBookingsRouter = createTRPCRouter({
  list: travelerProcedure.query(({ ctx }) => listTravelerBookings(ctx.db, ctx.viewer)),
  byReference: travelerProcedure
    .input(z.object({ reference: bookingReference }))
    .query(({ ctx, input }) => getBookingForViewer(ctx.db, ctx.viewer, input.reference)),
  /** Every action on the booking for this viewer: allowed, or refused with the reason the server gives. */
  actions: travelerProcedure
    .input(z.object({ reference: bookingReference }))
    .query(({ ctx, input }) => bookingActionsForViewer(ctx.db, ctx.viewer, input.reference)),
  respondToScheduleChange: travelerProcedure
    .input(scheduleAnswerInput)
    .mutation(({ ctx, input }) => respondToScheduleChange(ctx.db, ctx.viewer, input)),
});

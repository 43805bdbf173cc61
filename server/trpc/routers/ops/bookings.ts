import { actorLabel } from "@/server/domain/actor";
import { z } from "zod";
import { bookingActionsForOps } from "@/server/services/bookings/booking-actions";
import { getBookingForOps } from "@/server/services/bookings/get-booking";
import { searchBookings, searchBookingsInput } from "@/server/services/bookings/search-bookings";
import { createTRPCRouter, opsProcedure } from "@/server/trpc/init";

export const opsBookingsRouter = createTRPCRouter({
  search: opsProcedure.input(searchBookingsInput).query(({ ctx, input }) => searchBookings(ctx.db, input)),
  get: opsProcedure.input(z.object({ id: z.uuid() })).query(({ ctx, input }) => getBookingForOps(ctx.db, input.id)),
  /** Support's own actions on the booking, and the traveler's as ops acting for them gets them. */
  actions: opsProcedure
    .input(z.object({ id: z.uuid() }))
    .query(({ ctx, input }) => bookingActionsForOps(ctx.db, input.id, actorLabel(ctx.actor))),
});

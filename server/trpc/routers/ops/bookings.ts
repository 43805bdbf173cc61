import { z } from "zod";
import { getBookingForOps } from "@/server/services/bookings/get-booking";
import { searchBookings, searchBookingsInput } from "@/server/services/bookings/search-bookings";
import { createTRPCRouter, opsProcedure } from "@/server/trpc/init";

export const opsBookingsRouter = createTRPCRouter({
  search: opsProcedure.input(searchBookingsInput).query(({ ctx, input }) => searchBookings(ctx.db, input)),
  get: opsProcedure.input(z.object({ id: z.uuid() })).query(({ ctx, input }) => getBookingForOps(ctx.db, input.id)),
});

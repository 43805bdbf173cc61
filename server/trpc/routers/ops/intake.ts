import { z } from "zod";
import { intakeLogInput, intakeOfBooking, listIntakeLog } from "@/server/services/intake/list-intake-log";
import { createTRPCRouter, opsProcedure } from "@/server/trpc/init";

/** The intake API's request log, and how one booking came in. */
export const opsIntakeRouter = createTRPCRouter({
  log: opsProcedure.input(intakeLogInput).query(({ ctx, input }) => listIntakeLog(ctx.db, input)),
  ofBooking: opsProcedure
    .input(z.object({ bookingId: z.uuid() }))
    .query(({ ctx, input }) => intakeOfBooking(ctx.db, input.bookingId)),
});

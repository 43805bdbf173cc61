import { z } from "zod";
import { calendarDate } from "@/server/domain/input";
import {
  cancelModification,
  confirmModification,
  refreshModificationPayment,
} from "@/server/services/modifications/confirm-modification";
import { listModificationsForViewer, modificationView } from "@/server/services/modifications/list-modifications";
import {
  dateChangeOptions,
  requestDateChange,
  requestNameChange,
  requestSpecialRequest,
  updateContact,
} from "@/server/services/modifications/request-modification";
import { createTRPCRouter, travelerProcedure } from "@/server/trpc/init";
import { bookingReference } from "./bookings";

const name = z.string().trim().min(1, "Required").max(60, "At most 60 characters");
// Inputs shared with ops acting for the traveler (server/trpc/routers/ops/on-behalf.ts).
export const dateChangeInput = z.object({
  reference: bookingReference,
  itemId: z.uuid(),
  startDate: calendarDate,
  endDate: calendarDate,
});
export const nameChangeInput = z.object({
  reference: bookingReference,
  travelerIndex: z.number().int().min(0).max(20),
  firstName: name,
  lastName: name,
});
export const specialRequestInput = z.object({
  reference: bookingReference,
  itemId: z.uuid(),
  request: z.string().trim().min(3, "At least 3 characters").max(500, "At most 500 characters"),
});
const byId = z.object({ modificationId: z.uuid() });

export const portalModificationsRouter = createTRPCRouter({
  list: travelerProcedure
    .input(z.object({ reference: bookingReference }))
    .query(({ ctx, input }) => listModificationsForViewer(ctx.db, ctx.viewer, input.reference)),
  nameChange: travelerProcedure
    .input(nameChangeInput)
    .mutation(async ({ ctx, input }) => modificationView(await requestNameChange(ctx.db, ctx.viewer, input))),
  dateOptions: travelerProcedure
    .input(dateChangeInput)
    .query(({ ctx, input }) => dateChangeOptions(ctx.db, ctx.viewer, input)),
  dateChange: travelerProcedure
    .input(dateChangeInput)
    .mutation(async ({ ctx, input }) => modificationView(await requestDateChange(ctx.db, ctx.viewer, input))),
  specialRequest: travelerProcedure
    .input(specialRequestInput)
    .mutation(async ({ ctx, input }) => modificationView(await requestSpecialRequest(ctx.db, ctx.viewer, input))),
  updateContact: travelerProcedure
    .input(
      z.object({
        reference: bookingReference,
        name: z.string().trim().min(1, "Required").max(120),
        email: z.email("Not an e-mail address").max(254),
        phone: z
          .string()
          .trim()
          .regex(/^\+[1-9]\d{6,14}$/, "Use international format, e.g. +447700900123")
          .optional()
          .or(z.literal("")),
      }),
    )
    .mutation(async ({ ctx, input }) =>
      modificationView(await updateContact(ctx.db, ctx.viewer, { ...input, phone: input.phone || null })),
    ),
  confirm: travelerProcedure
    // A signed-in traveler may pay the change with travel credit (server/services/credits/pay-fee-with-credit.ts).
    .input(byId.extend({ payWith: z.enum(["card", "credit"]).optional() }))
    .mutation(({ ctx, input }) => confirmModification(ctx.db, ctx.viewer, input)),
  cancel: travelerProcedure.input(byId).mutation(async ({ ctx, input }) => {
    const m = await cancelModification(ctx.db, ctx.viewer, input);
    return m ? modificationView(m) : null;
  }),
  refreshPayment: travelerProcedure
    .input(byId)
    .mutation(async ({ ctx, input }) => modificationView(await refreshModificationPayment(ctx.db, ctx.viewer, input))),
});

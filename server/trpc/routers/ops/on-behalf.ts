// Ops acting for a traveler (docs/architecture.md, "Actors"): the portal's procedures, with the
// portal's input schemas, run as the booking's owner by the signed-in operator. Every rule stays in
// the services (server/services/bookings/act-for-owner.ts calls the portal's own services).
import { z } from "zod";
import { actorLabel } from "@/server/domain/actor";
import {
  answerScheduleChangeFor,
  confirmCancellationFor,
  dateOptionsFor,
  quoteCancellationFor,
  requestDateChangeFor,
  requestNameChangeFor,
  requestSpecialRequestFor,
} from "@/server/services/bookings/act-for-owner";
import { ownerActionsOf } from "@/server/services/bookings/owner-viewer";
import { createTRPCRouter, opsProcedure } from "@/server/trpc/init";
import { scheduleAnswerInput } from "../portal/bookings";
import { cancellationConfirmInput, cancellationQuoteInput } from "../portal/cancellations";
import { dateChangeInput, nameChangeInput, specialRequestInput } from "../portal/modifications";

export const opsOnBehalfRouter = createTRPCRouter({
  /** Whose booking it is and the actions they (and so support for them) may take now. */
  owner: opsProcedure
    .input(z.object({ bookingId: z.uuid() }))
    .query(({ ctx, input }) => ownerActionsOf(ctx.db, input.bookingId)),
  quoteCancellation: opsProcedure
    .input(cancellationQuoteInput)
    .mutation(({ ctx, input }) => quoteCancellationFor(ctx.db, actorLabel(ctx.actor), input)),
  confirmCancellation: opsProcedure
    .input(cancellationConfirmInput)
    .mutation(({ ctx, input }) => confirmCancellationFor(ctx.db, actorLabel(ctx.actor), input)),
  nameChange: opsProcedure
    .input(nameChangeInput)
    .mutation(({ ctx, input }) => requestNameChangeFor(ctx.db, actorLabel(ctx.actor), input)),
  /** Priced options for new dates (read only), as the traveler would see them. */
  dateOptions: opsProcedure
    .input(dateChangeInput)
    .query(({ ctx, input }) => dateOptionsFor(ctx.db, actorLabel(ctx.actor), input)),
  dateChange: opsProcedure
    .input(dateChangeInput)
    .mutation(({ ctx, input }) => requestDateChangeFor(ctx.db, actorLabel(ctx.actor), input)),
  specialRequest: opsProcedure
    .input(specialRequestInput)
    .mutation(({ ctx, input }) => requestSpecialRequestFor(ctx.db, actorLabel(ctx.actor), input)),
  respondToScheduleChange: opsProcedure
    .input(scheduleAnswerInput)
    .mutation(({ ctx, input }) => answerScheduleChangeFor(ctx.db, actorLabel(ctx.actor), input)),
});

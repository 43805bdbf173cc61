import { z } from "zod";
import { pageInput } from "@/server/domain/page-cursor";
import { paymentGateway } from "@/server/payments";
import { getDispute, listDisputes, saveDisputeNotes } from "@/server/services/disputes/console-disputes";
import { previewEvidence, submitEvidence } from "@/server/services/disputes/submit-evidence";
import { createTRPCRouter, opsProcedure } from "@/server/trpc/init";

const disputeId = z.uuid();
const notes = z.string().max(4_000, "notes: at most 4,000 characters");

export const opsDisputesRouter = createTRPCRouter({
  list: opsProcedure
    .input(
      z
        .object({ filter: z.enum(["open", "needs_evidence", "closed", "all"]).default("open"), ...pageInput })
        .prefault({}),
    )
    .query(({ ctx, input }) => listDisputes(ctx.db, input)),
  get: opsProcedure.input(z.object({ disputeId })).query(({ ctx, input }) => getDispute(ctx.db, input.disputeId)),
  /** Exactly what `submit` would send, for review (text fields, PDF contents, files). */
  preview: opsProcedure
    .input(z.object({ disputeId, notes: notes.optional() }))
    .query(({ ctx, input }) => previewEvidence(ctx.db, input.disputeId, input.notes ?? "")),
  saveNotes: opsProcedure
    .input(z.object({ disputeId, notes }))
    .mutation(({ ctx, input }) => saveDisputeNotes(ctx.db, input)),
  submit: opsProcedure.input(z.object({ disputeId, notes: notes.optional() })).mutation(({ ctx, input }) =>
    submitEvidence(ctx.db, {
      ...input,
      actor: ctx.actor,
      gateway: paymentGateway(ctx.db),
    }),
  ),
});

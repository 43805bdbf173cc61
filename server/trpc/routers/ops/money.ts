import { z } from "zod";
import { confirmCancellation } from "@/server/services/cancellations/confirm-cancellation";
import { retryCancellation } from "@/server/services/cancellations/process-cancellation";
import { requestCancellation } from "@/server/services/cancellations/request-cancellation";
import { pageInput } from "@/server/domain/page-cursor";
import { refundStatuses } from "@/server/domain/statuses";
import { listRefunds, refundQueue } from "@/server/services/refunds/list-refunds";
import { issueManualRefund } from "@/server/services/refunds/issue-manual-refund";
import { retryRefundNow } from "@/server/services/refunds/retry-refund";
import { createTRPCRouter, opsProcedure } from "@/server/trpc/init";

/** Support's money actions: force-cancel (fees may be waived), finish a partial cancellation, retry a refund. */
export const opsMoneyRouter = createTRPCRouter({
  /** Refunds needing someone: failed first, then the longest waiting (the first 100, and a capped count of the rest). */
  refundQueue: opsProcedure.query(({ ctx }) => refundQueue(ctx.db)),
  /** Refunds of one status, or without one the settled ones, newest first a keyset page at a time. */
  refunds: opsProcedure
    .input(z.object({ status: z.enum(refundStatuses).optional(), ...pageInput }).prefault({}))
    .query(({ ctx, input }) => listRefunds(ctx.db, input)),
  quoteCancellation: opsProcedure
    .input(
      z.object({
        bookingId: z.uuid(),
        itemIds: z.array(z.uuid()).max(50).optional(),
        reason: z.string().trim().min(1).max(255),
        waiveFees: z.boolean().default(false),
      }),
    )
    .mutation(({ ctx, input }) => requestCancellation(ctx.db, { actor: ctx.actor }, input)),
  confirmCancellation: opsProcedure
    .input(z.object({ cancellationId: z.uuid() }))
    .mutation(({ ctx, input }) => confirmCancellation(ctx.db, { actor: ctx.actor }, input)),
  retryCancellation: opsProcedure
    .input(z.object({ cancellationId: z.uuid() }))
    .mutation(({ ctx, input }) => retryCancellation(ctx.db, { ...input, actor: ctx.actor })),
  manualRefund: opsProcedure
    .input(
      z.object({
        bookingId: z.uuid(),
        amountMinor: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
        currency: z.string().trim().toUpperCase().length(3),
        reason: z.string().trim().min(1).max(255),
        /** Refund a charge under an open dispute anyway (issue 23): why. */
        override: z.object({ reason: z.string().trim().min(1).max(500) }).optional(),
      }),
    )
    .mutation(({ ctx, input }) => issueManualRefund(ctx.db, { ...input, actor: ctx.actor })),
  retryRefund: opsProcedure
    .input(z.object({ refundId: z.uuid() }))
    .mutation(({ ctx, input }) => retryRefundNow(ctx.db, { ...input, actor: ctx.actor })),
});

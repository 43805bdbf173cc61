import { z } from "zod";
import { actor, amountMinor, currency, instant, rowId } from "../fields";
import { declare } from "./declare";

const refundMoney = { refundId: rowId, bookingId: rowId, amountMinor, currency };

// Refunds.
export const refundEvents = {
  // Refunds
  refundOwed: declare(
    "refund/owed",
    z.object({ ...refundMoney, itemId: rowId.optional(), modificationId: rowId.optional() }),
  ),
  refundRequested: declare(
    "refund/requested",
    z.object({
      refundId: rowId,
      bookingId: rowId,
      cancellationId: rowId.optional(),
      amountMinor: amountMinor.optional(),
      currency: currency.optional(),
      by: actor.optional(),
      manual: z.boolean().optional(),
    }),
  ),
  refundProcessing: declare(
    "refund/processing",
    z.object({ refundId: rowId, bookingId: rowId, attempt: z.number().int() }),
    { historyOnly: "the pay-out function that claimed the refund is already running it" },
  ),
  refundAttemptFailed: declare(
    "refund/attempt_failed",
    z.object({ refundId: rowId, bookingId: rowId, attempt: z.number().int(), reason: z.string() }),
    { historyOnly: "the hourly refund job retries it; the last failed attempt writes refund/failed" },
  ),
  refundFailed: declare(
    "refund/failed",
    z.object({
      refundId: rowId,
      bookingId: rowId,
      attempts: z.number().int().optional(),
      reason: z.string().optional(),
      amountMinor: amountMinor.optional(),
      currency: currency.optional(),
      modificationId: rowId.optional(),
    }),
  ),
  refundReturned: declare("refund/returned", z.object({ ...refundMoney, reason: z.string() }), {
    historyOnly:
      "a succeeded refund came back: its alert, follow-up and message are written with it (refund-returned.ts)",
  }),
  refundDeadlineAlert: declare(
    "refund/deadline_alert",
    z.object({ refundId: rowId, bookingId: rowId, stage: z.enum(["near", "missed"]), dueBy: instant }),
    {
      historyOnly: "its alert (and, once missed, follow-up) is raised in the same transaction (check-refund-deadlines)",
    },
  ),
  refundSucceeded: declare("refund/succeeded", z.object(refundMoney), {
    historyOnly: "the refund row records the payout; nothing follows it",
  }),
  // Issue 23: owed while its payment is under an open dispute; the dispute's closure pays it
  // (refund/requested) or cancels it for what the chargeback returned (refund/cancelled).
  refundHeld: declare("refund/held", z.object({ ...refundMoney, paymentId: rowId, reason: z.string() }), {
    historyOnly: "nothing pays a held refund; the dispute's closure releases or cancels it",
  }),
  refundCancelled: declare(
    "refund/cancelled",
    z.object({ ...refundMoney, cancelledMinor: amountMinor, disputeId: rowId, reason: z.string() }),
    { historyOnly: "the refund row and the chargeback record it in the same transaction" },
  ),
  refundCreated: declare("refund/created", z.object({ ...refundMoney, modificationId: rowId }), {
    historyOnly: "a change's price difference, paid out in the change's own step",
  }),
};

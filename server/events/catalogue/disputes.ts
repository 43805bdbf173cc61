import { z } from "zod";
import { disputeStatuses } from "@/server/domain/statuses";
import { actor, amountMinor, currency, instant, rowId } from "../fields";
import { declare } from "./declare";

const disputeFunds = z.object({ disputeId: rowId, bookingId: rowId.nullable(), at: instant });
const disputeFundsHistory = "the time is stamped on the dispute row in the same transaction; nothing acts on it";
const disputeDeadline = z.object({
  disputeId: rowId,
  bookingId: rowId.nullable(),
  stage: z.string(),
  evidenceDueBy: instant,
});
const deadlineHistory = "its alert and follow-up are raised in the same transaction (check-deadlines)";

// Card disputes.
export const disputeEvents = {
  // Disputes
  disputeCreated: declare(
    "dispute/created",
    z.object({
      disputeId: rowId,
      bookingId: rowId.nullable(),
      stripeDisputeId: z.string(),
      amountMinor,
      currency,
      reason: z.string().nullable(),
      evidenceDueBy: instant.nullable(),
      eventType: z.string(),
      unmatched: z.boolean().optional(),
    }),
  ),
  disputeUpdated: declare(
    "dispute/updated",
    z.object({
      disputeId: rowId,
      bookingId: rowId.nullable(),
      from: z.enum(disputeStatuses),
      to: z.enum(disputeStatuses),
    }),
    { historyOnly: "the deadline job reads the dispute row; a status change alone asks nothing of anyone" },
  ),
  disputeClosed: declare(
    "dispute/closed",
    z.object({
      disputeId: rowId,
      bookingId: rowId.nullable(),
      status: z.enum(disputeStatuses),
      outcome: z.string(),
      chargebackRefundId: rowId.nullable(),
      amountMinor,
      currency,
      eventType: z.string(),
    }),
    { historyOnly: "the booking's transition and the chargeback are written in the same transaction" },
  ),
  disputeFundsWithdrawn: declare("dispute/funds_withdrawn", disputeFunds, { historyOnly: disputeFundsHistory }),
  disputeFundsReinstated: declare("dispute/funds_reinstated", disputeFunds, { historyOnly: disputeFundsHistory }),
  disputeEvidenceSubmitted: declare(
    "dispute/evidence_submitted",
    z.object({
      disputeId: rowId,
      bookingId: rowId.nullable(),
      by: actor,
      status: z.string(),
      files: z.array(z.string()),
    }),
    { historyOnly: "the deadline reminders are closed in the same transaction" },
  ),
  disputeDeadlineNear: declare("dispute/deadline_near", disputeDeadline, { historyOnly: deadlineHistory }),
  disputeDeadlinePassed: declare("dispute/deadline_passed", disputeDeadline, { historyOnly: deadlineHistory }),
};

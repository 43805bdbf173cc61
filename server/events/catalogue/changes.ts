import { z } from "zod";
import { modificationStatuses, modificationTypes } from "@/server/domain/statuses";
import { actor, amountMinor, currency, rowId } from "../fields";
import { declare } from "./declare";

const modification = z.object({
  modificationId: rowId,
  bookingId: rowId,
  type: z.enum(modificationTypes),
  from: z.enum(modificationStatuses).nullable().optional(),
  to: z.enum(modificationStatuses),
});
const modificationHistory = "the change's own row and the traveler's message record it; nothing else waits on it";
const cancellationOutcome = z.object({
  cancellationId: rowId,
  bookingId: rowId,
  cancelled: z.array(rowId),
  failed: z.array(rowId),
});

// Cancellations and changes (modifications).
export const changeEvents = {
  // Cancellations
  cancellationQuoted: declare(
    "cancellation/quoted",
    z.object({ cancellationId: rowId, bookingId: rowId, refundMinor: amountMinor, currency }),
    { historyOnly: "a quote waits for the traveler; an unconfirmed one simply expires" },
  ),
  cancellationConfirmed: declare(
    "cancellation/confirmed",
    // `by`: who confirmed (ops acting for the traveler included), named on the items' history rows.
    z.object({ cancellationId: rowId, bookingId: rowId, by: actor.optional() }),
  ),
  cancellationRetryRequested: declare(
    "cancellation/retry_requested",
    z.object({ cancellationId: rowId, bookingId: rowId, by: actor.optional() }),
  ),
  cancellationCompleted: declare("cancellation/completed", cancellationOutcome),
  cancellationPartial: declare("cancellation/partial", cancellationOutcome, {
    historyOnly: "its alert and follow-up are raised in the same transaction; ops retries from the console",
  }),
  cancellationOffered: declare(
    "cancellation/offered",
    z.object({ cancellationRequestId: rowId, bookingId: rowId, items: z.array(rowId) }),
    { historyOnly: "the offer waits for the traveler in the portal" },
  ),

  // Changes
  modificationRequested: declare("modification/requested", modification, { historyOnly: modificationHistory }),
  modificationRejected: declare("modification/rejected", modification, { historyOnly: modificationHistory }),
  modificationAwaitingPayment: declare("modification/awaiting_payment", modification, {
    historyOnly: "the traveler pays on the payment page; its webhook moves the change on",
  }),
  modificationSubmitted: declare("modification/submitted", modification),
  modificationConfirmed: declare("modification/confirmed", modification, { historyOnly: modificationHistory }),
  modificationFailed: declare("modification/failed", modification, { historyOnly: modificationHistory }),
  modificationCancelled: declare("modification/cancelled", modification, { historyOnly: modificationHistory }),
  rollbackFailed: declare(
    "rollback/failed",
    z.object({
      rollbackId: z.string(),
      bookingId: rowId,
      modificationId: rowId.optional(),
      itemId: rowId.optional(),
      step: z.string(),
      error: z.string(),
    }),
  ),
};

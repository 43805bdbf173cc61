import { automation, automationClock } from "./functions/automation";
import { confirmIntake } from "./functions/confirm-intake";
import { creditExpiry } from "./functions/credit-expiry";
import { disputeDeadlines } from "./functions/dispute-deadlines";
import { escalation } from "./functions/escalation";
import { escalationSweep } from "./functions/escalation-sweep";
import { expireUnpaidChanges } from "./functions/expire-unpaid-changes";
import { generateDocumentsFn } from "./functions/generate-documents";
import { importBookingsFn } from "./functions/import-bookings";
import { processPaymentEventFn } from "./functions/payment-events";
import { processCancellationFn } from "./functions/process-cancellation";
import { weeklyReportFn } from "./functions/weekly-report";
import { payOutRefundFn, processRefundsFn } from "./functions/refunds";
import { reconcilePendingRefundsFn, refundDeadlinesFn } from "./functions/refund-watch";
import { markCompletedBookings } from "./functions/mark-completed-bookings";
import { modificationProcess } from "./functions/modification-process";
import { moneyCheckFn } from "./functions/money-check";
import { processProviderWebhookFn } from "./functions/process-provider-webhook";
import { relayOutboxBackstop } from "./functions/relay-outbox";
import { retryCommunications } from "./functions/retry-communications";
import { reviewRequests } from "./functions/review-requests";
import { sandboxProviderEvents } from "./functions/sandbox-provider-events";
import { scheduleChangeWatch } from "./functions/schedule-change-watch";
import { sendQueuedCommunication } from "./functions/send-communications";
import { syncActiveBookings, syncProvider } from "./functions/sync-bookings";
import { tripReminders } from "./functions/trip-reminders";

/** Every function the app serves at /api/inngest. Ids are stable names: renaming one orphans its runs. */
export const functions = [
  markCompletedBookings,
  relayOutboxBackstop,
  syncActiveBookings,
  syncProvider,
  processProviderWebhookFn,
  sandboxProviderEvents,
  scheduleChangeWatch,
  generateDocumentsFn,
  escalation,
  escalationSweep,
  sendQueuedCommunication,
  retryCommunications,
  tripReminders,
  reviewRequests,
  processPaymentEventFn,
  payOutRefundFn,
  processRefundsFn,
  reconcilePendingRefundsFn,
  refundDeadlinesFn,
  processCancellationFn,
  weeklyReportFn,
  modificationProcess,
  expireUnpaidChanges,
  disputeDeadlines,
  automation,
  automationClock,
  confirmIntake,
  creditExpiry,
  importBookingsFn,
  moneyCheckFn,
];
export { inngest } from "./client";

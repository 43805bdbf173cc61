import { markCompletedBookings } from "./functions/mark-completed-bookings";
import { processProviderWebhookFn } from "./functions/process-provider-webhook";
import { relayOutboxBackstop } from "./functions/relay-outbox";
import { sandboxProviderEvents } from "./functions/sandbox-provider-events";
import { scheduleChangeWatch } from "./functions/schedule-change-watch";
import { syncActiveBookings, syncProvider } from "./functions/sync-bookings";

/** Every function the app serves at /api/inngest. Ids are stable names: renaming one orphans its runs. */
export const functions = [markCompletedBookings, relayOutboxBackstop, syncActiveBookings, syncProvider, processProviderWebhookFn, sandboxProviderEvents, scheduleChangeWatch];
export { inngest } from "./client";

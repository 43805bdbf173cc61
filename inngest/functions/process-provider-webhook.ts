import { getDb } from "@/db/client";
import { processProviderWebhook } from "@/server/services/provider-events/process-webhook";
import { inngest } from "../client";
import { providerWebhookReceived } from "../events";

/**
 * Processes each stored provider webhook (match, transition, history, outbox). No idempotency key:
 * a replay from /ops/webhooks must run again; the service itself skips a row already processed.
 */
export const processProviderWebhookFn = inngest.createFunction(
  { id: "process-provider-webhook", name: "Process provider webhook", triggers: [providerWebhookReceived], retries: 5 },
  async ({ event, step }) => step.run("process", () => processProviderWebhook(getDb(), event.data.webhookRowId)),
);

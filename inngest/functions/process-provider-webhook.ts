import { getDb } from "@/db/client";
import { events } from "@/server/events/catalogue";
import { processProviderWebhooks } from "@/server/services/provider-events/process-webhook-batch";
import { inngest } from "../client";

/**
 * Processes stored provider webhooks (match, transition, history, outbox) in batches of up to 100
 * (docs/architecture.md, "Events and jobs": processing may batch to reach its throughput): one
 * run and one step per batch, and set-based statements for the batch's status events (processProviderWebhooks). No idempotency
 * key: a replay from /ops/webhooks must run again; the service skips a row already processed, and
 * keeps provider sequence order per item.
 */
export const processProviderWebhookFn = inngest.createFunction(
  {
    id: "process-provider-webhook",
    name: "Process provider webhooks",
    triggers: [events.providerWebhookReceived],
    retries: 5,
    batchEvents: { maxSize: 100, timeout: "1s" },
  },
  async ({ events, step }) =>
    step.run("process", async () => {
      const ids = events.map((e) => e.data.webhookRowId);
      return { events: new Set(ids).size, outcomes: await processProviderWebhooks(getDb(), ids) };
    }),
);

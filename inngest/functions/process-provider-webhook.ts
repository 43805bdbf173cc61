import { getDb } from "@/db/client";
import { processProviderWebhook } from "@/server/services/provider-events/process-webhook";
import { inngest } from "../client";
import { providerWebhookReceived } from "../events";

/** Webhooks processed at once within a batch; each in its own transaction with its item locked. */
const IN_FLIGHT = 8;

/**
 * Processes stored provider webhooks (match, transition, history, outbox) in batches of up to 100
 * (DESIGN.md: processing may batch to reach its throughput): one run and one step per batch
 * instead of one per event. No idempotency key: a replay from /ops/webhooks must run again; the
 * service skips a row already processed, and keeps provider sequence order per item.
 */
export const processProviderWebhookFn = inngest.createFunction(
  {
    id: "process-provider-webhook", name: "Process provider webhooks", triggers: [providerWebhookReceived], retries: 5,
    batchEvents: { maxSize: 100, timeout: "1s" },
  },
  async ({ events, step }) =>
    step.run("process", async () => {
      const ids = [...new Set(events.map((e) => e.data.webhookRowId))];
      const outcomes: Record<string, number> = {};
      let next = 0;
      await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, ids.length) }, async () => {
        while (next < ids.length) {
          const r = await processProviderWebhook(getDb(), ids[next++]);
          outcomes[r.status] = (outcomes[r.status] ?? 0) + 1;
        }
      }));
      return { events: ids.length, outcomes };
    }),
);

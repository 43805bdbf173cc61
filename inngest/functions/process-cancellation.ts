import { getDb } from "@/db/client";
import { events } from "@/server/events/catalogue";
import {
  cancelAtProvider,
  cancellationPlan,
  settleCancellation,
} from "@/server/services/cancellations/process-cancellation";
import { inngest } from "../client";

const RETRIES = 3;

/**
 * A confirmed cancellation (docs/architecture.md, "Events and jobs"): one step per provider (its calls keyed by
 * cancellation and item, each answer recorded in its own transaction), then one step that records
 * the refund for what was cancelled and completes the request, or leaves it partial with a
 * follow-up. The refund is paid by pay-out-refund on `refund/requested`. A provider that keeps
 * failing is retried with backoff; on the last attempt its items are recorded as failed instead.
 */
export const processCancellationFn = inngest.createFunction(
  {
    id: "process-cancellation",
    name: "Process a cancellation",
    triggers: [events.cancellationConfirmed, events.cancellationRetryRequested],
    retries: RETRIES,
    concurrency: { limit: 1, key: "event.data.cancellationId" },
  },
  async ({ event, step, attempt }) => {
    const id = event.data.cancellationId;
    const plan = await step.run("plan", () => cancellationPlan(getDb(), id));
    for (const p of plan) {
      await step.run(`cancel at ${p.provider}`, () =>
        cancelAtProvider(getDb(), { cancellationId: id, ...p, finalAttempt: attempt >= RETRIES, by: event.data.by }),
      );
    }
    return step.run("settle", () => settleCancellation(getDb(), id));
  },
);

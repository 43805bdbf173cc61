import { getDb } from "@/db/client";
import { events } from "@/server/events/catalogue";
import {
  failModification,
  processModification,
  type StepRunner,
} from "@/server/services/modifications/process-modification";
import { inngest } from "../client";

/**
 * A submitted change meets its providers: one step per provider call, then one step that records
 * the outcome (and, on a refusal, steps that undo and refund). One run per modification
 * (idempotency on its id); retries cover providers that do not answer; when they are exhausted the
 * change fails and its money goes back.
 */
export const modificationProcess = inngest.createFunction(
  {
    id: "modification-process",
    name: "Make a booking change with its providers",
    retries: 6,
    triggers: [events.modificationSubmitted],
    idempotency: "event.data.modificationId",
    concurrency: { key: "event.data.bookingId", limit: 1 },
    onFailure: async ({ event, error }) => {
      await failModification(getDb(), event.data.event.data.modificationId as string, error.message);
    },
  },
  async ({ event, step }) => {
    const run: StepRunner = (name, fn) => step.run(name, fn) as never;
    return processModification(getDb(), event.data.modificationId, run);
  },
);

import { getDb } from "@/db/client";
import { events } from "@/server/events/catalogue";
import { sendCommunication } from "@/server/services/comms/send-communication";
import { inngest } from "../client";

/**
 * Sends a message as soon as it is queued. One step: the send claims the message, calls the
 * channel with an idempotency key and records the result, so a replayed step sends nothing twice.
 * A failed send is not thrown: it is recorded and left to the 15-minute retry function's backoff.
 */
export const sendQueuedCommunication = inngest.createFunction(
  {
    id: "send-communication",
    name: "Send a queued message",
    triggers: [events.communicationQueued],
    retries: 3,
    idempotency: "event.data.communicationId",
  },
  async ({ event, step }) => {
    const outcome = await step.run("send", () => sendCommunication(getDb(), event.data.communicationId));
    return { outcome };
  },
);

import { getDb } from "@/db/client";
import { events } from "@/server/events/catalogue";
import { processPaymentEvent } from "@/server/services/payment-events/process-payment-event";
import { inngest } from "../client";

/** A stored Stripe / local gateway event, handed to the service that owns its type (refunds, disputes, fee payments). */
export const processPaymentEventFn = inngest.createFunction(
  {
    id: "process-payment-event",
    name: "Process payment events",
    triggers: [events.paymentWebhookReceived],
    retries: 5,
    // Events about one object apply one at a time, in arrival order.
    concurrency: { limit: 1, key: "event.data.objectId" },
  },
  async ({ event, step }) => step.run("process", () => processPaymentEvent(getDb(), event.data.paymentEventId)),
);

import { eventType } from "inngest";
import { z } from "zod";

// Typed events. Names match the outbox rows services write (server/services/events/record-event.ts):
// the relay publishes each row as the event of the same name, with the row id as the event id.

export const bookingCompleted = eventType("booking/completed", {
  schema: z.object({ bookingId: z.uuid(), reference: z.string(), completedAt: z.string() }),
});

/** One provider's share of a sync pass: each provider syncs at its own pace, in its own run. */
export const syncProviderRequested = eventType("sync/provider.requested", {
  schema: z.object({ providerCode: z.string(), dueBefore: z.string() }),
});

/** Written by webhook ingestion in the same transaction as the stored webhook row. */
export const providerWebhookReceived = eventType("provider_webhook/received", {
  schema: z.object({ webhookRowId: z.uuid(), provider: z.string(), type: z.string() }),
});

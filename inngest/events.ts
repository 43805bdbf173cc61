import { eventType } from "inngest";
import { z } from "zod";

// Typed events. Names match the outbox rows services write (server/services/events/record-event.ts):
// the relay publishes each row as the event of the same name, with the row id as the event id.

export const bookingCompleted = eventType("booking/completed", {
  schema: z.object({ bookingId: z.uuid(), reference: z.string(), completedAt: z.string() }),
});

/** One provider's share of a sync pass: each provider syncs at its own pace, in its own run. */
export const syncProviderRequested = eventType("sync/provider.requested", {
  schema: z.object({ providerCode: z.string(), dueBefore: z.string(), requestedBy: z.string().optional() }),
});

/** Written by webhook ingestion in the same transaction as the stored webhook row. */
export const providerWebhookReceived = eventType("provider_webhook/received", {
  schema: z.object({ webhookRowId: z.uuid(), provider: z.string(), type: z.string() }),
});

/** Ask for a booking's documents to be (re)generated, e.g. after a change that moves no status. */
export const documentsRequested = eventType("documents/requested", {
  schema: z.object({ bookingId: z.uuid(), reason: z.string().optional() }),
});

/** Written with a stored Stripe (or local gateway) event, in the same statement. */
export const paymentWebhookReceived = eventType("payment_webhook/received", {
  schema: z.object({ paymentEventId: z.uuid(), type: z.string(), objectId: z.string().nullable() }),
});

/** A refund recorded as owed (provider cancellation, rejected change) or requested (a confirmed cancellation, support). */
export const refundOwed = eventType("refund/owed", {
  schema: z.object({ refundId: z.uuid(), bookingId: z.uuid() }).loose(),
});
export const refundRequested = eventType("refund/requested", {
  schema: z.object({ refundId: z.uuid(), bookingId: z.uuid() }).loose(),
});

/** A traveler or support confirmed a cancellation quote; or support asked to retry a partial one. */
export const cancellationConfirmed = eventType("cancellation/confirmed", {
  schema: z.object({ cancellationId: z.uuid(), bookingId: z.uuid() }),
});
export const cancellationRetryRequested = eventType("cancellation/retry_requested", {
  schema: z.object({ cancellationId: z.uuid(), bookingId: z.uuid() }).loose(),
});

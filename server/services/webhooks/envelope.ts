import { z } from "zod";

/**
 * The envelope every provider webhook body carries (JSON). Unknown top-level fields are kept: the
 * raw body is what gets stored, this only checks what ingestion and processing rely on.
 *
 *   { "id": "evt_…",                      provider's event id: the dedupe key with the provider code
 *     "type": "booking.schedule_changed", what happened
 *     "occurred_at": "2025-…T…Z",          the provider's time for it (ISO 8601 with offset): ordering
 *     "sequence": 42,                      optional, per booking, when the provider numbers its events
 *     "provider_booking_id": "SW-…",       the provider's booking reference: matching
 *     "data": { … } }                      event-specific details
 */
export const webhookEnvelope = z.object({
  id: z.string().min(1).max(255),
  type: z.string().min(1).max(100),
  occurred_at: z.iso.datetime({ offset: true }),
  sequence: z.number().int().nonnegative().optional(),
  provider_booking_id: z.string().min(1).max(255),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type WebhookEnvelope = z.infer<typeof webhookEnvelope>;

/** A webhook whose signature checked out and whose envelope parsed: ready to store. */
export type VerifiedWebhook = {
  provider: string;
  webhookId: string;
  type: string;
  occurredAt: string;
  /** The body as received (valid JSON text), stored as jsonb. */
  rawBody: string;
};

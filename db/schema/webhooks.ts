import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, unique, uuid, varchar } from "drizzle-orm/pg-core";
import { bookingItems, bookings } from "./bookings";
import { tz } from "./columns";

export const providerWebhooks = pgTable(
  "provider_webhooks",
  {
    id: uuid().primaryKey().defaultRandom(),
    providerCode: varchar({ length: 50 }).notNull(),
    webhookId: varchar({ length: 255 }).notNull(),
    eventType: varchar({ length: 100 }).notNull(),
    /** The provider's own time for the event: ordering, so an older event never moves an item back. */
    occurredAt: tz(),
    payload: jsonb().notNull(),

    bookingId: uuid().references(() => bookings.id, { onDelete: "set null" }),
    bookingItemId: uuid().references(() => bookingItems.id, { onDelete: "set null" }),
    matched: boolean().notNull().default(false),
    matchAttemptedAt: tz(),
    matchError: text(),

    processed: boolean().notNull().default(false),
    processedAt: tz(),
    processingError: text(),
    attempts: integer().notNull().default(0),

    actionTaken: varchar({ length: 100 }),
    actionDetails: jsonb(),
    receivedAt: tz().notNull().defaultNow(),
  },
  (t) => [
    // Dedupe: a provider's retry of the same webhook is stored once.
    unique("provider_webhooks_provider_webhook_id").on(t.providerCode, t.webhookId),
    index("idx_provider_webhooks_booking").on(t.bookingId),
    // The log's keyset pages (newest first, read backwards): every webhook, the unprocessed ones
    // (pending, failed, unmatched), by provider, by event type.
    index("idx_provider_webhooks_unprocessed")
      .on(t.receivedAt, t.id)
      .where(sql`NOT ${t.processed}`),
    index("idx_provider_webhooks_received").on(t.receivedAt, t.id),
    index("idx_provider_webhooks_provider").on(t.providerCode, t.receivedAt, t.id),
    index("idx_provider_webhooks_type").on(t.eventType, t.receivedAt, t.id),
    // Events waiting for an earlier one of the same provider booking (sequence order), found by the processor.
    index("idx_provider_webhooks_waiting")
      .on(t.providerCode, sql`(${t.payload}->>'provider_booking_id')`)
      .where(sql`NOT ${t.processed}`),
  ],
);

import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, unique, uuid, varchar } from "drizzle-orm/pg-core";
import { tz } from "./columns";

/**
 * Stripe (or the local gateway's Stripe-shaped) webhook events, stored once by Stripe's event id
 * when their signature checks out, then processed by a function; what was done, or why not, stays.
 */
export const paymentWebhookEvents = pgTable(
  "payment_webhook_events",
  {
    id: uuid().primaryKey().defaultRandom(),
    gatewayEventId: varchar({ length: 255 }).notNull(),
    type: varchar({ length: 100 }).notNull(),
    /** Id of the object the event is about (re_…, du_…, pi_…). */
    objectId: varchar({ length: 255 }),
    payload: jsonb().notNull(),
    receivedAt: tz().notNull().defaultNow(),
    processed: boolean().notNull().default(false),
    processedAt: tz(),
    processingError: text(),
    attempts: integer().notNull().default(0),
    actionTaken: varchar({ length: 100 }),
  },
  (t) => [
    unique("payment_webhook_events_gateway_event").on(t.gatewayEventId),
    index("payment_webhook_events_object").on(t.objectId),
    index("payment_webhook_events_unprocessed")
      .on(t.receivedAt)
      .where(sql`NOT ${t.processed}`),
  ],
);

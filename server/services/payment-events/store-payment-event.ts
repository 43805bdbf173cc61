import { sql } from "drizzle-orm";
import type Stripe from "stripe";
import type { Db } from "@/db/client";
import { eventNames } from "@/server/events/catalogue";

/**
 * Stores a verified gateway event once (Stripe's event id is the key) with its outbox event in one
 * statement: a redelivery is answered 200 and not processed twice. Returns null for a duplicate.
 */
export async function storePaymentEvent(db: Db, event: Stripe.Event): Promise<string | null> {
  const objectId = (event.data.object as { id?: string }).id ?? null;
  const [row] = await db.execute<{ id: string }>(sql`
    with ins as (
      insert into payment_webhook_events (gateway_event_id, type, object_id, payload)
      values (${event.id}, ${event.type}, ${objectId}, ${JSON.stringify(event)}::jsonb)
      on conflict (gateway_event_id) do nothing returning id, type, object_id
    ), ev as (
      insert into outbox (name, data) select ${eventNames.paymentWebhookReceived}, jsonb_build_object('paymentEventId', id, 'type', type, 'objectId', object_id) from ins
    )
    select id from ins`);
  return row?.id ?? null;
}

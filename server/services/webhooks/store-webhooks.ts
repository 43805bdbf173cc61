import type { Db } from "@/db/client";
import { eventNames } from "@/server/events/catalogue";
import type { VerifiedWebhook } from "./envelope";

export type StoreOutcome = { duplicate: false; id: string } | { duplicate: true };

/**
 * Stores verified webhooks in one transaction, committed durably (synchronous commit) before the
 * caller answers: one multi-row INSERT … ON CONFLICT DO NOTHING RETURNING tells new events from
 * provider retries, and the outbox rows for the new ones are inserted by the same statement, so a
 * stored webhook always has exactly one `provider_webhook/received` event and a duplicate none.
 * Used with one event by the Next route and with a batch by the fast path's group commit. A
 * failure throws and leaves nothing behind.
 */
export async function storeWebhooks(db: Db, events: readonly VerifiedWebhook[]): Promise<StoreOutcome[]> {
  if (events.length === 0) return [];
  // The same webhook twice in one batch: insert it once, the later copies are duplicates.
  const key = (e: VerifiedWebhook) => `${e.provider}\u0000${e.webhookId}`;
  const firstIndex = new Map<string, number>();
  events.forEach((e, i) => {
    if (!firstIndex.has(key(e))) firstIndex.set(key(e), i);
  });
  const unique = [...firstIndex.values()].map((i) => events[i]);

  // One statement, so one implicit transaction and one round trip: both inserts commit together
  // or not at all. set_config(…, true) lasts to the end of that transaction, so its commit waits
  // for the WAL flush even where a deployment turned synchronous_commit off (the 2xx means durable).
  const inserted = await db.$sql<{ id: string; provider_code: string; webhook_id: string }[]>`
    with durable as (
      select set_config('synchronous_commit', 'on', true)
    ), input as (
      select i.* from durable, unnest(
        ${unique.map((e) => e.provider)}::text[], ${unique.map((e) => e.webhookId)}::text[],
        ${unique.map((e) => e.type)}::text[], ${unique.map((e) => e.occurredAt)}::text[]::timestamptz[],
        ${unique.map((e) => e.rawBody)}::text[]::jsonb[]
      ) as i(provider_code, webhook_id, event_type, occurred_at, payload)
    ), ins as (
      insert into provider_webhooks (provider_code, webhook_id, event_type, occurred_at, payload)
      select provider_code, webhook_id, event_type, occurred_at, payload from input
      on conflict (provider_code, webhook_id) do nothing
      returning id, provider_code, webhook_id, event_type
    ), events as (
      insert into outbox (name, data)
      select ${eventNames.providerWebhookReceived}, jsonb_build_object('webhookRowId', id, 'provider', provider_code, 'type', event_type)
      from ins
    )
    select id, provider_code, webhook_id from ins`;

  const newIds = new Map(inserted.map((r) => [`${r.provider_code}\u0000${r.webhook_id}`, r.id]));
  return events.map((e, i) => {
    const id = firstIndex.get(key(e)) === i ? newIds.get(key(e)) : undefined;
    return id ? { duplicate: false, id } : { duplicate: true };
  });
}

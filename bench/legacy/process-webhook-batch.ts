// The webhook batch path as it was before the lifecycle's set-based writers (d43e575), kept only so
// bench/webhook-batch-ab.ts can measure before and after alternately in one run. Two changes: the
// history actor is 'provider' (the actor enum's new name for 'webhook') and the outbox name is a
// parameter from the catalogue. Not used by the product.
import { sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { canTransitionBooking, decideItemTransition, derivedCancellationStatus } from "@/server/domain/booking-machine";
import type { BookingStatus, ItemStatus } from "@/server/domain/statuses";
import { eventNames } from "@/server/events/catalogue";
import {
  matchWebhooks,
  type MatchedWebhook,
  processMatchedWebhook,
  processProviderWebhook,
} from "@/server/services/provider-events/process-webhook";

/** Provider events that only move an item between live statuses: what most webhooks are. */
const statusEvents: Record<string, ItemStatus> = {
  "booking.ticketed": "ticketed",
  "booking.confirmed": "confirmed",
  "booking.modified": "modified",
};
/** Bookings whose other events (cancellations, schedule changes…) run through the per-event path at once. */
const IN_FLIGHT = 8;

type Matched = MatchedWebhook;
type ItemRow = {
  id: string;
  booking_id: string;
  status: ItemStatus;
  previous_status: ItemStatus | null;
  provider_event_at: string | null;
  provider_sequence: number;
};
type ItemState = {
  status: ItemStatus;
  previousStatus: ItemStatus | null;
  providerEventAt: Date | null;
  sequence: number;
  changed: boolean;
  touched: boolean;
  ack: boolean;
};
type WebhookWrite = {
  id: string;
  processed: boolean;
  error: string | null;
  action: string | null;
  details: Record<string, unknown> | null;
};

/**
 * Processes a batch of stored provider webhooks with the outcome of processing them one by one in
 * the given order (processProviderWebhook), at a fraction of its cost: per-event processing spends
 * ~13 statements and ~5 ms of CPU per event, so two cores top out near 150 events/s. Here the
 * status events of a batch (ticketed / confirmed / modified: most of the traffic) take one match
 * statement and one transaction of seven set-based statements however many there are: lock the
 * bookings, their items and the webhook rows, decide every event in memory with the lifecycle's own
 * rules (decideItemTransition, sequence order, waiting), then write items, history, outbox events
 * and webhook outcomes in one statement each. Bookings with any other event type, or whose status
 * the derivation from items would move, go through the per-event path, which owns those rules.
 */
export async function processProviderWebhooks(
  db: Db,
  webhookRowIds: readonly string[],
): Promise<Record<string, number>> {
  const ids = [...new Set(webhookRowIds)];
  const outcomes: Record<string, number> = {};
  const count = (status: string, n = 1) => {
    outcomes[status] = (outcomes[status] ?? 0) + n;
  };
  if (ids.length === 0) return outcomes;

  const matched = await matchWebhooks(db, ids);
  const byBooking = new Map<string, Matched[]>();
  for (const m of matched) {
    if (m.processed) count("already_processed");
    else if (!m.item_id) count("unmatched");
    else byBooking.set(m.booking_id!, [...(byBooking.get(m.booking_id!) ?? []), m]);
  }
  const simple = [...byBooking.entries()].filter(([, evs]) => evs.every((e) => e.event_type in statusEvents));
  const perEvent = new Set([...byBooking.keys()].filter((b) => !simple.some(([s]) => s === b)));

  if (simple.length > 0) {
    const r = await db.transaction((tx) => applyStatusEvents(tx, new Map(simple)));
    r.deferred.forEach((b) => perEvent.add(b));
    for (const [status, n] of Object.entries(r.outcomes)) count(status, n);
    // An applied sequenced event may release stored events that arrived early (outside the batch).
    for (const id of await releasable(db, r.advancedItems)) await processProviderWebhook(db, id);
  }

  // The rest, one event at a time in arrival order per booking, bookings side by side.
  const queue = [...perEvent].map((b) => byBooking.get(b)!);
  await Promise.all(
    Array.from({ length: Math.min(IN_FLIGHT, queue.length) }, async () => {
      for (let evs = queue.shift(); evs; evs = queue.shift()) {
        for (const e of evs) count((await processMatchedWebhook(db, e)).status); // matched above: one attempt, not two
      }
    }),
  );
  return outcomes;
}

/** A uuid[] parameter (drizzle's sql expands a JS array into a list; our ids are uuids we issued). */
const uuids = (ids: readonly string[]) => sql`${`{${ids.join(",")}}`}::uuid[]`;

async function applyStatusEvents(tx: Tx, byBooking: Map<string, Matched[]>) {
  const bookingIds = [...byBooking.keys()];
  const eventIds = [...byBooking.values()].flat().map((e) => e.id);
  // Bookings, then items, then webhook rows: the lifecycle's lock order, so the paths never deadlock.
  const locked = await tx.execute<{
    id: string;
    status: BookingStatus;
    status_before_dispute: BookingStatus | null;
  }>(sql`
    select id, status, status_before_dispute from bookings where id = any(${uuids(bookingIds)}) order by id for update`);
  const itemRows = await tx.execute<ItemRow>(sql`
    select id, booking_id, status, previous_status, provider_event_at, provider_sequence from booking_items
    where booking_id = any(${uuids(bookingIds)}) order by id for update`);
  const open = new Set(
    [
      ...(await tx.execute<{ id: string }>(sql`
    select id from provider_webhooks where id = any(${uuids(eventIds)}) and not processed order by id for update`)),
    ].map((r) => r.id),
  );

  const items = new Map<string, ItemState>(
    [...itemRows].map((i) => [
      i.id,
      {
        status: i.status,
        previousStatus: i.previous_status,
        providerEventAt: i.provider_event_at ? new Date(i.provider_event_at) : null,
        sequence: i.provider_sequence,
        changed: false,
        touched: false,
        ack: false,
      },
    ]),
  );
  const deferred = new Set<string>();
  for (const b of locked) {
    // A booking whose items imply another status (possible only after a refused derivation) is
    // left to the per-event path, which moves it exactly as transitionItem does.
    const derived = derivedCancellationStatus([...itemRows].filter((i) => i.booking_id === b.id).map((i) => i.status));
    const from = b.status === "disputed" ? b.status_before_dispute : b.status;
    if (derived && derived !== from && from && canTransitionBooking(from, derived, b.status_before_dispute))
      deferred.add(b.id);
  }

  const outcomes: Record<string, number> = {};
  const webhooks: WebhookWrite[] = [],
    history: Record<string, unknown>[] = [],
    events: Record<string, unknown>[] = [];
  for (const [bookingId, evs] of byBooking) {
    if (deferred.has(bookingId)) continue;
    const waiting = new Map<string, Matched[]>(); // item → sequenced events that arrived early
    const apply = (e: Matched) => {
      const item = items.get(e.item_id!)!;
      const to = statusEvents[e.event_type];
      const seq = typeof e.payload.sequence === "number" ? e.payload.sequence : null;
      if (seq !== null && seq > item.sequence + 1) {
        waiting.set(e.item_id!, [...(waiting.get(e.item_id!) ?? []), e]);
        return;
      }
      if (seq !== null && seq <= item.sequence) {
        webhooks.push({
          id: e.id,
          processed: true,
          error: null,
          action: "stale",
          details: { applied: false, sequence: seq, appliedSequence: item.sequence },
        });
        outcomes.processed = (outcomes.processed ?? 0) + 1;
        return;
      }
      const eventAt = e.occurred_at ? new Date(e.occurred_at) : null;
      const d = decideItemTransition(item, { to, replaying: true, providerEventAt: eventAt });
      if (d.kind === "invalid") {
        // as processProviderWebhook: kept visible, not processed, not retried
        webhooks.push({ id: e.id, processed: false, error: d.message, action: null, details: null });
        outcomes.failed = (outcomes.failed ?? 0) + 1;
        return;
      }
      const from = item.status;
      if (d.kind === "duplicate" && d.touchEventAt) {
        item.providerEventAt = eventAt;
        item.touched = true;
      }
      if (d.kind === "apply") {
        Object.assign(item, {
          status: to,
          previousStatus: d.previous,
          changed: true,
          touched: true,
          ack: item.ack || d.acknowledgesChange,
        });
        if (d.newerEvent) item.providerEventAt = eventAt;
        const reason = `${e.provider_code} reports the booking ${to}`;
        history.push({
          booking_id: bookingId,
          item_id: e.item_id,
          from,
          to,
          reason,
          event_type: e.event_type,
          raw: e.payload,
        });
        events.push({ itemId: e.item_id, bookingId, from, to, actor: "webhook", reason });
      }
      if (seq !== null) {
        item.sequence = seq;
        item.touched = true;
      }
      const applied = d.kind === "apply";
      webhooks.push({
        id: e.id,
        processed: true,
        error: null,
        action: "status_change",
        details: { applied, from, to: applied ? to : from, skipped: applied ? null : d.kind },
      });
      outcomes.processed = (outcomes.processed ?? 0) + 1;
      // Applying one may release the next that arrived earlier in this batch.
      const early = waiting.get(e.item_id!) ?? [];
      const next = early.find((w) => w.payload.sequence === item.sequence + 1);
      if (next) {
        waiting.set(
          e.item_id!,
          early.filter((w) => w !== next),
        );
        apply(next);
      }
    };
    for (const e of evs)
      if (open.has(e.id)) apply(e);
      else outcomes.already_processed = (outcomes.already_processed ?? 0) + 1;
    for (const [itemId, early] of waiting)
      for (const e of early) {
        webhooks.push({
          id: e.id,
          processed: false,
          error: null,
          action: "waiting",
          details: { waitingFor: items.get(itemId)!.sequence + 1 },
        });
        outcomes.waiting = (outcomes.waiting ?? 0) + 1;
      }
  }
  await writeAll(tx, items, history, events, webhooks);
  const advancedItems = [...items.entries()].filter(([, i]) => i.touched).map(([id]) => id);
  return { outcomes, deferred, advancedItems };
}

/** One statement per table, whatever the batch size. */
async function writeAll(
  tx: Tx,
  items: Map<string, ItemState>,
  history: Record<string, unknown>[],
  events: Record<string, unknown>[],
  webhooks: WebhookWrite[],
) {
  const itemWrites = [...items.entries()]
    .filter(([, i]) => i.touched)
    .map(([id, i]) => ({
      id,
      status: i.status,
      previous_status: i.previousStatus,
      provider_event_at: i.providerEventAt?.toISOString() ?? null,
      provider_sequence: i.sequence,
      changed: i.changed,
      ack: i.ack,
    }));
  if (itemWrites.length)
    await tx.execute(sql`
    update booking_items i set status = v.status::item_status, previous_status = v.previous_status::item_status,
      provider_event_at = v.provider_event_at, provider_sequence = v.provider_sequence,
      status_changed_at = case when v.changed then now() else i.status_changed_at end,
      updated_at = case when v.changed then now() else i.updated_at end,
      schedule_change_acknowledged = i.schedule_change_acknowledged or v.ack
    from jsonb_to_recordset(${JSON.stringify(itemWrites)}::jsonb) as v(id uuid, status text, previous_status text,
      provider_event_at timestamptz, provider_sequence int, changed boolean, ack boolean)
    where i.id = v.id`);
  if (history.length)
    await tx.execute(sql`
    insert into booking_status_history (booking_id, booking_item_id, from_status, to_status, changed_by, change_reason, provider_event_type, provider_raw_data)
    select v.booking_id, v.item_id, v."from", v."to", 'provider', v.reason, v.event_type, v.raw
    from jsonb_to_recordset(${JSON.stringify(history)}::jsonb) as v(booking_id uuid, item_id uuid, "from" text, "to" text, reason text, event_type text, raw jsonb)`);
  if (events.length)
    await tx.execute(sql`
    insert into outbox (name, data) select ${eventNames.itemStatusChanged}, e from jsonb_array_elements(${JSON.stringify(events)}::jsonb) as e`);
  if (webhooks.length)
    await tx.execute(sql`
    update provider_webhooks w set processed = v.processed, processed_at = case when v.processed then now() else w.processed_at end,
      processing_error = v.error, action_taken = coalesce(v.action, w.action_taken), action_details = coalesce(v.details, w.action_details)
    from jsonb_to_recordset(${JSON.stringify(webhooks)}::jsonb) as v(id uuid, processed boolean, error text, action text, details jsonb)
    where w.id = v.id`);
}

/** Stored, unprocessed events whose sequence now comes next for these items (one query for the batch). */
async function releasable(db: Db, itemIds: string[]): Promise<string[]> {
  if (itemIds.length === 0) return [];
  const rows = await db.execute<{ id: string }>(sql`
    select distinct on (i.id) n.id from booking_items i
    join provider_webhooks n on n.provider_code = i.provider_code and n.payload->>'provider_booking_id' = i.provider_booking_id
    where i.id = any(${uuids(itemIds)}) and not n.processed and (n.payload->>'sequence')::int = i.provider_sequence + 1
    order by i.id, n.received_at`);
  return [...rows].map((r) => r.id);
}

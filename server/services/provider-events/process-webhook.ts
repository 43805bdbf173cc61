import { providerActor } from "@/server/domain/actor";
import { eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { bookingItems, bookings, providerWebhooks } from "@/db/schema";
import { DomainError } from "@/server/domain/errors";
import { raiseAlert } from "@/server/services/escalation/raise-alert";
import { transitionItem } from "@/server/services/lifecycle";
import { applyScheduleChange } from "./apply-schedule-change";
import { handleProviderCancellation } from "./handle-provider-cancellation";

type Payload = { provider_booking_id?: string; type?: string; sequence?: number; data?: Record<string, unknown> };
type Webhook = Pick<
  typeof providerWebhooks.$inferSelect,
  "id" | "providerCode" | "eventType" | "payload" | "occurredAt"
>;
export type ProcessOutcome =
  | { status: "processed"; action: string; applied: boolean }
  | { status: "waiting"; for: number }
  | { status: "unmatched"; error: string }
  | { status: "failed"; error: string }
  | { status: "already_processed" };

/**
 * Processes one stored provider webhook: match it to our item by the provider's booking id, then
 * act by type through the lifecycle services, all in one transaction with the item locked. Events
 * that carry the provider's `sequence` are applied strictly in order: an earlier one already
 * applied makes it stale, a missing earlier one makes it wait, and applying one releases the next
 * waiting event. So shuffled and repeated deliveries end exactly where in-order delivery does.
 * The row keeps what happened, or why not; a thrown error leaves it unprocessed for the
 * function's retry and for replay from /ops/webhooks.
 */
export async function processProviderWebhook(db: Db, webhookRowId: string): Promise<ProcessOutcome> {
  const [m] = await matchWebhooks(db, [webhookRowId]);
  if (!m) throw new DomainError("not_found", `No stored webhook ${webhookRowId}`);
  return processMatchedWebhook(db, m);
}

/** As processProviderWebhook, for a row matchWebhooks already matched (and counted the attempt of). */
export async function processMatchedWebhook(db: Db, m: MatchedWebhook): Promise<ProcessOutcome> {
  const outcome = await processMatched(db, m);
  // Each applied sequenced event may release the next one that arrived early.
  let next = outcome.status === "processed" ? await nextWaiting(db, m.id) : null;
  while (next) {
    const r = await processProviderWebhook(db, next);
    next = r.status === "processed" ? await nextWaiting(db, next) : null;
  }
  return outcome;
}

export type MatchedWebhook = {
  id: string;
  processed: boolean;
  item_id: string | null;
  booking_id: string | null;
  match_error: string | null;
  provider_code: string;
  event_type: string;
  occurred_at: string | null;
  payload: { sequence?: unknown } & Record<string, unknown>;
};

/** One statement for any number of rows: count the attempt and match each to its item by the provider's booking id. Arrival order, as given. */
export async function matchWebhooks(db: Db, ids: readonly string[]): Promise<MatchedWebhook[]> {
  const rows = await db.execute<MatchedWebhook>(sql`
    with m as (
      select w.id, i.id as item_id, i.booking_id from provider_webhooks w
      left join booking_items i on i.provider_code = w.provider_code and i.provider_booking_id = w.payload->>'provider_booking_id'
      where w.id = any(${`{${ids.join(",")}}`}::uuid[]))
    update provider_webhooks w set attempts = w.attempts + case when w.processed then 0 else 1 end, match_attempted_at = now(),
      matched = m.item_id is not null, booking_item_id = coalesce(m.item_id, w.booking_item_id), booking_id = coalesce(m.booking_id, w.booking_id),
      match_error = case when m.item_id is null then 'No booking item with provider booking id ' || coalesce(w.payload->>'provider_booking_id', '(missing)') end
    from m where w.id = m.id
    returning w.id, w.processed, m.item_id, m.booking_id, w.match_error, w.provider_code, w.event_type, w.occurred_at, w.payload`);
  const byId = new Map([...rows].map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

async function processMatched(db: Db, m: MatchedWebhook): Promise<ProcessOutcome> {
  const webhookRowId = m.id;
  if (m.processed) return { status: "already_processed" };
  if (!m.item_id) return { status: "unmatched", error: m.match_error! };
  const item = { id: m.item_id, bookingId: m.booking_id! };
  const row: Webhook = {
    id: webhookRowId,
    providerCode: m.provider_code,
    eventType: m.event_type,
    payload: m.payload,
    occurredAt: m.occurred_at ? new Date(m.occurred_at) : null,
  };
  const payload = row.payload as Payload;

  try {
    return await db.transaction(async (tx) => {
      // Booking, then item: the lifecycle service's lock order, so the two never deadlock.
      await tx.select({ id: bookings.id }).from(bookings).where(eq(bookings.id, item.bookingId)).for("update");
      const [locked] = await tx
        .select({ sequence: bookingItems.providerSequence })
        .from(bookingItems)
        .where(eq(bookingItems.id, item.id))
        .for("update");
      const [fresh] = await tx
        .select({ processed: providerWebhooks.processed })
        .from(providerWebhooks)
        .where(eq(providerWebhooks.id, row.id))
        .for("update");
      if (fresh.processed) return { status: "already_processed" as const };
      const seq = typeof payload.sequence === "number" ? payload.sequence : null;
      if (seq !== null && seq > locked.sequence + 1) {
        await tx
          .update(providerWebhooks)
          .set({ actionTaken: "waiting", actionDetails: { waitingFor: locked.sequence + 1 } })
          .where(eq(providerWebhooks.id, row.id));
        return { status: "waiting" as const, for: locked.sequence + 1 };
      }
      let action = "stale",
        applied = false,
        details: Record<string, unknown> = { sequence: seq, appliedSequence: locked.sequence };
      if (seq === null || seq === locked.sequence + 1) {
        ({ action, applied, details } = await act(tx, row, payload, item));
        if (seq !== null)
          await tx.update(bookingItems).set({ providerSequence: seq }).where(eq(bookingItems.id, item.id));
      }
      await tx
        .update(providerWebhooks)
        .set({
          processed: true,
          processedAt: new Date(),
          processingError: null,
          actionTaken: action,
          actionDetails: { applied, ...details },
        })
        .where(eq(providerWebhooks.id, row.id));
      return { status: "processed" as const, action, applied };
    });
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    await db.update(providerWebhooks).set({ processingError: error }).where(eq(providerWebhooks.id, row.id));
    // A refused transition will be refused again: keep it visible for a human, do not retry it.
    if (e instanceof DomainError) return { status: "failed", error };
    throw e;
  }
}

/** What the event means for the item, applied inside the caller's transaction. */
async function act(tx: Tx, row: Webhook, payload: Payload, item: { id: string; bookingId: string }) {
  const db = tx as unknown as Db; // the services open savepoints inside this transaction
  const ctx = {
    itemId: item.id,
    actor: providerActor(row.providerCode),
    providerEventType: row.eventType,
    providerRawData: row.payload,
    providerEventAt: row.occurredAt,
  };
  switch (row.eventType) {
    case "booking.cancelled":
    case "booking.unavailable": {
      const r = await handleProviderCancellation(db, {
        ...ctx,
        reason: `${row.providerCode}: ${String(payload.data?.reason ?? row.eventType)}`,
      });
      return { action: "provider_cancellation", applied: r.applied, details: { ...r } as Record<string, unknown> };
    }
    case "booking.schedule_changed": {
      const newDetails = (payload.data?.details ?? {}) as Record<string, unknown>;
      const r = await applyScheduleChange(db, {
        ...ctx,
        newDetails,
        summary: String(payload.data?.summary ?? "The provider changed the schedule"),
      });
      return { action: "schedule_change", applied: r.applied, details: { ...r } as Record<string, unknown> };
    }
    case "booking.ticketed":
    case "booking.confirmed":
    case "booking.modified": {
      const to =
        row.eventType === "booking.ticketed"
          ? "ticketed"
          : row.eventType === "booking.confirmed"
            ? "confirmed"
            : "modified";
      const r = await transitionItem(tx, { ...ctx, to, reason: `${row.providerCode} reports the booking ${to}` });
      return {
        action: "status_change",
        applied: r.applied,
        details: { from: r.from, to: r.to, skipped: r.reason ?? null } as Record<string, unknown>,
      };
    }
    case "booking.relocated":
    case "booking.downgraded": {
      // A hotel moved the guest or gave a lesser room: a change for a human to judge (compensation, rebooking).
      const r = await transitionItem(tx, {
        ...ctx,
        to: "modified",
        reason: String(payload.data?.summary ?? row.eventType),
      });
      await raiseAlert(tx, {
        severity: "high",
        source: row.eventType.replace("booking.", "provider_"),
        title: `${row.providerCode}: ${String(payload.data?.summary ?? row.eventType)}`,
        details: { itemId: item.id, webhookId: row.id },
        bookingId: item.bookingId,
        dedupeKey: `${row.eventType}:${item.id}`,
      });
      return {
        action: "provider_change",
        applied: r.applied,
        details: { from: r.from, to: r.to } as Record<string, unknown>,
      };
    }
    default:
      return { action: "ignored", applied: false, details: {} };
  }
}

/** The stored, unprocessed event of the same provider booking whose sequence comes next, if it already arrived. */
async function nextWaiting(db: Db, webhookRowId: string): Promise<string | null> {
  const rows = await db.execute<{ id: string }>(sql`
    select n.id from provider_webhooks w
    join booking_items i on i.id = w.booking_item_id
    join provider_webhooks n on n.provider_code = w.provider_code and n.payload->>'provider_booking_id' = w.payload->>'provider_booking_id'
    where w.id = ${webhookRowId} and not n.processed and (n.payload->>'sequence')::int = i.provider_sequence + 1
    order by n.received_at limit 1`);
  return rows[0]?.id ?? null;
}

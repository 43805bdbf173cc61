import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import type { Actor } from "@/server/domain/actor";
import { canTransitionItem, cancelledItemStatuses } from "@/server/domain/booking-machine";
import { DomainError } from "@/server/domain/errors";
import type { ItemStatus } from "@/server/domain/statuses";
import { outboxInsert } from "@/server/services/events/record-event";
import { historyInsert, jsonRows, runAsOne, type HistoryRow } from "./history";

/** One item's state after a set of transitions (several may collapse into one row in a batch). */
export type ItemStateWrite = {
  itemId: string;
  status: ItemStatus;
  previousStatus: ItemStatus | null;
  /** The status moved: stamps status_changed_at and the cancellation / schedule-change columns. */
  changed: boolean;
  /** The traveler answered a schedule change (accepted or rejected). */
  acknowledgesChange?: boolean;
  /** Set only when newer than the stored one (the caller decided). */
  providerEventAt?: Date | null;
  providerSequence?: number | null;
  at?: Date | null;
};

/** One move of one item: its history row and `item/status_changed` event. */
export type ItemTransitionRecord = Omit<HistoryRow, "itemId" | "from" | "to"> & {
  itemId: string;
  from: ItemStatus;
  to: ItemStatus;
  /** The item's previous_status before this move: a schedule change returns only there. */
  fromPrevious: ItemStatus | null;
  /** false when a booking-level event announces it (travel ended: `booking/completed`). */
  announce?: boolean;
};

/**
 * The lifecycle's set-based item writer: every item status write in the product ends here (the
 * per-event path with one row, the webhook batch and the completion job with many). Callers hold
 * the booking and item locks (booking first). Every move is checked against the item machine
 * before anything is written; then items, history and outbox in one statement.
 */
export async function writeItemChanges(
  tx: Tx,
  states: readonly ItemStateWrite[],
  moves: readonly ItemTransitionRecord[],
) {
  for (const m of moves) {
    if (!canTransitionItem(m.from, m.to, m.fromPrevious)) {
      throw new DomainError("invalid_transition", `An item cannot go from ${m.from} to ${m.to}`, {
        itemId: m.itemId,
        from: m.from,
        to: m.to,
      });
    }
  }
  const rows = states.map((s) => ({
    id: s.itemId,
    status: s.status,
    previous_status: s.previousStatus,
    changed: s.changed,
    ack: s.acknowledgesChange,
    event_at: s.providerEventAt ?? undefined,
    sequence: s.providerSequence ?? undefined,
    at: s.at ?? undefined,
  }));
  const update =
    rows.length === 0
      ? null
      : sql`
      update booking_items i set
        status = v.status::item_status,
        previous_status = v.previous_status::item_status,
        provider_event_at = coalesce(v.event_at, i.provider_event_at),
        provider_sequence = coalesce(v.sequence, i.provider_sequence),
        status_changed_at = case when v.changed then coalesce(v.at, now()) else i.status_changed_at end,
        updated_at = case when v.changed then coalesce(v.at, now()) else i.updated_at end,
        is_cancelled = i.is_cancelled or (v.changed and v.status in ${cancelledItemStatuses}),
        cancelled_at = case when v.changed and v.status in ${cancelledItemStatuses} then coalesce(v.at, now())
          else i.cancelled_at end,
        schedule_change_detected_at = case when v.changed and v.status = 'schedule_changed' then coalesce(v.at, now())
          else i.schedule_change_detected_at end,
        schedule_change_acknowledged = case when v.changed and v.status = 'schedule_changed' then false
          else i.schedule_change_acknowledged or coalesce(v.ack, false) end
      from jsonb_to_recordset(${jsonRows(rows)}) as v(id uuid, status text, previous_status text, changed boolean,
        ack boolean, event_at timestamptz, sequence int, at timestamptz)
      where i.id = v.id`;
  const events = outboxInsert(
    "item/status_changed",
    moves
      .filter((m) => m.announce !== false)
      .map((m) => ({
        itemId: m.itemId,
        bookingId: m.bookingId,
        from: m.from,
        to: m.to,
        actor: m.actor satisfies Actor,
        reason: m.reason,
      })),
  );
  await runAsOne(tx, [update, historyInsert(moves), events]);
}

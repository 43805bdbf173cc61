import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { canTransitionBooking } from "@/server/domain/booking-machine";
import { DomainError } from "@/server/domain/errors";
import type { BookingStatus } from "@/server/domain/statuses";
import { outboxInsert } from "@/server/services/events/record-event";
import { historyInsert, jsonRows, runAsOne, type HistoryRow } from "./history";

/** One move of one booking: its row, history row and outgoing event. */
export type BookingTransitionRecord = Omit<HistoryRow, "itemId" | "from" | "to"> & {
  from: BookingStatus;
  to: BookingStatus;
  /** The status a dispute returns to (bookings.status_before_dispute): a won dispute goes only there. */
  beforeDispute: BookingStatus | null;
  /** The item whose move caused this one (derived status). */
  causedByItemId?: string | null;
};

export function invalidBookingTransition(
  bookingId: string,
  from: BookingStatus,
  to: BookingStatus,
  beforeDispute: BookingStatus | null,
) {
  const hint =
    from === "disputed" && beforeDispute && to !== "refunded"
      ? ` (a dispute returns to ${beforeDispute} or ends in refunded)`
      : "";
  return new DomainError("invalid_transition", `A booking cannot go from ${from} to ${to}${hint}`, {
    bookingId,
    from,
    to,
  });
}

/**
 * The lifecycle's set-based booking writer: every booking status write ends here (one row from the
 * per-event path, many from the completion job and bulk flows). Callers hold the booking locks.
 * Each move is checked against the booking machine first; then the rows, and history and events
 * in one more statement. Entering
 * `disputed` remembers the status to restore, leaving it forgets it. Travel ending (→ completed,
 * not a won dispute's return) is announced as `booking/completed`; every other move as
 * `booking/status_changed`.
 */
export async function writeBookingChanges(tx: Tx, moves: readonly BookingTransitionRecord[]) {
  if (moves.length === 0) return;
  for (const m of moves) {
    if (!canTransitionBooking(m.from, m.to, m.beforeDispute)) {
      throw invalidBookingTransition(m.bookingId, m.from, m.to, m.beforeDispute);
    }
  }
  const rows = moves.map((m) => ({
    id: m.bookingId,
    from: m.from,
    to: m.to,
    reason: m.reason,
    actor_kind: m.actor.kind,
    at: m.at?.toISOString() ?? null,
  }));
  const updated = await tx.execute<{ id: string; reference: string; at: string }>(sql`
    update bookings b set
      status = v."to"::booking_status,
      previous_status = v."from"::booking_status,
      status_changed_at = coalesce(v.at, now()),
      status_change_reason = v.reason,
      updated_at = coalesce(v.at, now()),
      status_before_dispute = case when v."to" = 'disputed' then v."from"::booking_status
        when v."from" = 'disputed' then null else b.status_before_dispute end,
      has_dispute = b.has_dispute or v."to" = 'disputed',
      is_cancelled = b.is_cancelled or v."to" = 'cancelled',
      cancelled_at = case when v."to" = 'cancelled' then coalesce(v.at, now()) else b.cancelled_at end,
      cancelled_by = case when v."to" = 'cancelled' then v.actor_kind::actor else b.cancelled_by end,
      cancellation_reason = case when v."to" = 'cancelled' then v.reason else b.cancellation_reason end,
      completed_at = case when v."to" = 'completed' then coalesce(v.at, now()) else b.completed_at end
    from jsonb_to_recordset(${jsonRows(rows)}) as v(id uuid, "from" text, "to" text, reason text, actor_kind text,
      at timestamptz)
    where b.id = v.id
    returning b.id, b.booking_reference as reference, b.status_changed_at as at`);
  const ended = (m: BookingTransitionRecord) => m.to === "completed" && m.from !== "disputed";
  const byId = new Map([...updated].map((u) => [u.id, u]));
  const completed = outboxInsert(
    "booking/completed",
    moves.filter(ended).map((m) => ({
      bookingId: m.bookingId,
      reference: byId.get(m.bookingId)!.reference,
      completedAt: new Date(byId.get(m.bookingId)!.at).toISOString(),
    })),
  );
  const changed = outboxInsert(
    "booking/status_changed",
    moves
      .filter((m) => !ended(m))
      .map((m) => ({
        bookingId: m.bookingId,
        from: m.from,
        to: m.to,
        actor: m.actor,
        reason: m.reason,
        ...(m.causedByItemId ? { causedByItemId: m.causedByItemId } : {}),
      })),
  );
  await runAsOne(tx, [historyInsert(moves), completed, changed]);
}

// The simulation's invariants, checked with SQL after every step. Each returns a list of
// violations (empty when it holds), so a failure names what broke, on which rows.
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bookingTransitions, canTransitionBooking, canTransitionItem } from "@/server/domain/booking-machine";
import type { BookingStatus, ItemStatus } from "@/server/domain/statuses";
import { MAX_REFUND_ATTEMPTS } from "@/server/services/refunds/pay-out-refund";

const rows = async <T>(db: Db, q: ReturnType<typeof sql>) => (await db.execute(q)) as unknown as T[];

/** A human has been asked about this booking: an open follow-up or an alert not yet resolved. */
const humanAsked = (booking: ReturnType<typeof sql>) => sql`(
  exists (select 1 from manual_follow_ups f where f.booking_id = ${booking} and not f.resolved)
  or exists (select 1 from alerts a where a.booking_id = ${booking} and a.status <> 'resolved'))`;

/**
 * Money: each payment's and booking's refunded total equals what the refunds table says. (Refunded
 * ≤ paid is a CHECK and one open cancellation per booking a unique index: the database refuses
 * those writes, so they need no check here.)
 */
async function money(db: Db): Promise<string[]> {
  const payments = await rows<{ id: string; amount: number; refunded: number; reserved: number }>(
    db,
    sql`
    with r as (select payment_transaction_id as id, sum(amount_minor) as reserved from refunds where status in ('pending', 'processing', 'held', 'succeeded') group by 1)
    select p.id, p.amount_minor::bigint as amount, p.refunded_minor::bigint as refunded, coalesce(r.reserved, 0)::bigint as reserved
    from payment_transactions p left join r on r.id = p.id
    where p.refunded_minor <> coalesce(r.reserved, 0)`,
  );
  const bookings = await rows<{ id: string; paid: number; refunded: number; succeeded: number }>(
    db,
    sql`
    with r as (select booking_id as id, sum(amount_minor) as succeeded from refunds where status = 'succeeded' group by 1)
    select b.id, b.paid_minor::bigint as paid, b.refunded_minor::bigint as refunded, coalesce(r.succeeded, 0)::bigint as succeeded
    from bookings b left join r on r.id = b.id
    where b.refunded_minor <> coalesce(r.succeeded, 0)`,
  );
  return [
    ...payments.map(
      (p) => `payment ${p.id}: refunded ${p.refunded} of ${p.amount}, refunds table reserves ${p.reserved}`,
    ),
    ...bookings.map(
      (b) => `booking ${b.id}: refunded ${b.refunded} of ${b.paid} paid, succeeded refunds ${b.succeeded}`,
    ),
  ];
}

/**
 * The gateway's side agrees with ours: at most one live gateway refund per refund of ours (a retry
 * never pays twice), never more refunded than captured, and a gateway refund that went through
 * belongs to one of our refunds that is not marked failed or pending.
 */
async function gateway(db: Db): Promise<string[]> {
  const twice = await rows<{ refund: string; n: number }>(
    db,
    sql`
    select g.metadata->>'refund_id' as refund, count(*)::int as n from local_gateway_refunds g
    where g.status in ('pending', 'succeeded') and g.metadata ? 'refund_id' group by 1 having count(*) > 1`,
  );
  const over = await rows<{ id: string }>(
    db,
    sql`
    select pi.id from local_gateway_payment_intents pi
    where pi.amount_received_minor < (select coalesce(sum(g.amount_minor), 0) from local_gateway_refunds g
      where g.payment_intent_id = pi.id and g.status in ('pending', 'succeeded'))`,
  );
  const orphan = await rows<{ id: string; ours: string | null }>(
    db,
    sql`
    select g.id, r.status::text as ours from local_gateway_refunds g left join refunds r on r.id::text = g.metadata->>'refund_id'
    where g.status = 'succeeded' and g.metadata ? 'refund_id' and (r.id is null or r.status not in ('processing', 'succeeded') or r.amount_minor <> g.amount_minor)`,
  );
  return [
    ...twice.map((t) => `refund ${t.refund} has ${t.n} live gateway refunds`),
    ...over.map((o) => `gateway intent ${o.id} refunded beyond what it captured`),
    ...orphan.map((o) => `gateway refund ${o.id} succeeded but our refund is ${o.ours ?? "missing"}`),
  ];
}

/** No item cancelled twice. */
async function once(db: Db): Promise<string[]> {
  const twice = await rows<{ item: string; n: number }>(
    db,
    sql`
    select booking_item_id as item, count(*)::int as n from booking_status_history
    where booking_item_id is not null and to_status in ('cancelled', 'provider_cancelled') group by 1 having count(*) > 1`,
  );
  return twice.map((t) => `item ${t.item} moved into a cancelled status ${t.n} times`);
}

/** Every money step that failed for good and every partial cancellation has a human on it; no refund overdue unseen. */
async function escalated(db: Db): Promise<string[]> {
  const refunds = await rows<{ id: string; booking: string }>(
    db,
    sql`
    select r.id, r.booking_id as booking from refunds r
    where r.status = 'failed' and r.retry_count >= ${MAX_REFUND_ATTEMPTS} and not ${humanAsked(sql`r.booking_id`)}`,
  );
  const partial = await rows<{ id: string; booking: string }>(
    db,
    sql`
    select c.id, c.booking_id as booking from cancellation_requests c where c.status = 'partial' and not ${humanAsked(sql`c.booking_id`)}`,
  );
  const overdue = await rows<{ id: string; booking: string; due: string }>(
    db,
    sql`
    select r.id, r.booking_id as booking, r.due_by::text as due from refunds r
    where r.status in ('pending', 'processing', 'failed') and r.due_by < now()
      and not exists (select 1 from alerts a where a.booking_id = r.booking_id and a.status <> 'resolved')`,
  );
  return [
    ...refunds.map(
      (r) => `refund ${r.id} (booking ${r.booking}) failed after its retries with no open follow-up or alert`,
    ),
    ...partial.map((c) => `partial cancellation ${c.id} (booking ${c.booking}) with no open follow-up or alert`),
    ...overdue.map((r) => `refund ${r.id} (booking ${r.booking}) past its due date ${r.due} with no alert`),
  ];
}

const CREATED_IN = ["pending", "confirmed"];

/** Statuses a booking can reach from `from` by the machine's moves, not through a dispute. */
function reachable(from: BookingStatus): Set<BookingStatus> {
  const seen = new Set<BookingStatus>();
  const next = [from];
  while (next.length) {
    for (const to of bookingTransitions[next.pop()!])
      if (to !== "disputed" && !seen.has(to)) {
        seen.add(to);
        next.push(to);
      }
  }
  return seen;
}
type HistoryRow = { booking: string; item: string | null; from: string | null; to: string; at: string };

/**
 * Orders one entity's history: by time, and among rows written in one transaction (same
 * timestamp) the one that continues the chain first.
 */
function chainOf(list: HistoryRow[]): HistoryRow[] {
  const sorted = [...list].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const out: HistoryRow[] = [];
  while (sorted.length) {
    const at = sorted[0].at;
    const prev = out.at(-1)?.to ?? null;
    const k = sorted.findIndex((r) => r.at === at && r.from === prev);
    out.push(...sorted.splice(k >= 0 ? k : 0, 1));
  }
  return out;
}

/**
 * Status history: each booking's and item's current status is the `to_status` of its last history
 * row, and each chain is a walk the machines allow (from = the previous row's to). `bookingIds`
 * null checks every booking; else only those (the ones a step touched).
 */
async function history(db: Db, bookingIds: string[] | null): Promise<string[]> {
  if (bookingIds && bookingIds.length === 0) return [];
  const scope = bookingIds ? sql`where booking_id in (select unnest(${`{${bookingIds.join(",")}}`}::uuid[]))` : sql``;
  const scopeB = bookingIds ? sql`where id in (select unnest(${`{${bookingIds.join(",")}}`}::uuid[]))` : sql``;
  const hist = await rows<HistoryRow>(
    db,
    sql`select booking_id as booking, booking_item_id as item, from_status as "from", to_status as "to",
    to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as at from booking_status_history ${scope}`,
  );
  const current = await rows<{
    id: string;
    booking: string;
    status: string;
    kind: "booking" | "item";
    previous: string | null;
    before_dispute: string | null;
  }>(
    db,
    sql`
    select id, id as booking, status::text, 'booking' as kind, null as previous, previous_status::text as before_dispute from bookings ${scopeB}
    union all select id, booking_id, status::text, 'item', previous_status::text, null from booking_items ${scope}`,
  );
  const byEntity = new Map<string, HistoryRow[]>();
  for (const h of hist) {
    const k = h.item ?? h.booking;
    byEntity.set(k, [...(byEntity.get(k) ?? []), h]);
  }
  const problems: string[] = [];
  for (const e of current) {
    const chain = chainOf(byEntity.get(e.id) ?? []);
    const last = chain.at(-1);
    // An entity still in the status it was created in may have no history row (the seed writes none).
    if (!last) {
      if (!CREATED_IN.includes(e.status)) problems.push(`${e.kind} ${e.id} is ${e.status} with no history`);
      continue;
    }
    if (chain[0].from !== null && !CREATED_IN.includes(chain[0].from))
      problems.push(`${e.kind} ${e.id}: history starts from ${chain[0].from}`);
    if (last.to !== e.status)
      problems.push(`${e.kind} ${e.id} is ${e.status} but its last history row says ${last.to}`);
    let beforeDispute: string | null = null;
    let beforeChange: string | null = null;
    for (let i = 0; i < chain.length; i++) {
      const { from, to } = chain[i];
      if (i > 0 && from !== chain[i - 1].to) {
        problems.push(`${e.kind} ${e.id}: history row ${from} → ${to} does not follow ${chain[i - 1].to}`);
        break;
      }
      const ok =
        from === null ||
        (e.kind === "booking"
          ? canTransitionBooking(from as BookingStatus, to as BookingStatus, beforeDispute as BookingStatus | null) ||
            // Items cancelled during a dispute move the status it returns to (deriveBookingStatus), along the machine.
            (from === "disputed" &&
              beforeDispute !== null &&
              ["partially_cancelled", "cancelled"].includes(to) &&
              reachable(beforeDispute as BookingStatus).has(to as BookingStatus))
          : canTransitionItem(from as ItemStatus, to as ItemStatus, beforeChange as ItemStatus | null));
      if (!ok) {
        problems.push(`${e.kind} ${e.id}: ${from} → ${to} is not a move the machine allows`);
        break;
      }
      if (to === "disputed") beforeDispute = from;
      if (to === "schedule_changed" && from !== "schedule_changed") beforeChange = from;
    }
  }
  return problems;
}

export type Scope = { bookingIds: string[] | null };

/** Every invariant; `scope` narrows the (costlier) history check to the bookings a step touched. */
export async function checkInvariants(db: Db, scope: Scope = { bookingIds: null }): Promise<string[]> {
  const all = await Promise.all([money(db), gateway(db), once(db), escalated(db), history(db, scope.bookingIds)]);
  return all.flat();
}

/** A marker before a step: rows written after it have a larger transaction id. */
export async function writeMark(db: Db): Promise<number> {
  const [r] = await rows<{ x: string }>(db, sql`select (txid_current() % 4294967296)::text as x`);
  return Number(r.x);
}

/** Bookings a step touched since `mark`: their row, an item's row, or a history row was written. */
export async function touchedSince(db: Db, mark: number): Promise<string[]> {
  const r = await rows<{ id: string }>(
    db,
    sql`
    select id from bookings where xmin::text::bigint > ${mark}
    union select booking_id from booking_items where xmin::text::bigint > ${mark}
    union select booking_id from booking_status_history where xmin::text::bigint > ${mark}`,
  );
  return r.map((x) => x.id);
}

// Shared look-ups for the fault tests: bookings fit to cancel, and what the gateway holds.
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { seedDemo } from "@/db/seed";
import { OPEN_CANCELLATION } from "@/tests/simulation/world";

export const rowsOf = async <T>(db: Db, query: ReturnType<typeof sql>) => (await db.execute(query)) as unknown as T[];

/** A demo operation whose sandbox providers answer at once and never fail unless told to. */
export async function seedQuietDemo(db: Db, bookings = 120) {
  await seedDemo(db, { bookings });
  await db.execute(
    sql`update sandbox_provider_settings set latency_ms = 0, jitter_ms = 0, error_rate_bps = 0, events_per_hour = 0, outage = false, reject_cancellations = false`,
  );
}

export type Candidate = {
  id: string;
  reference: string;
  currency: string;
  providers: number;
  items: number;
  paid: number;
};

/** Live upcoming bookings with a charge and nothing open or refunded, with at least `providers` providers. */
export const cancellable = (db: Db, providers = 1) =>
  rowsOf<Candidate>(
    db,
    sql`
  select b.id, b.booking_reference as reference, b.currency, count(distinct i.provider_code)::int as providers, count(*)::int as items, b.paid_minor::int as paid
  from bookings b join booking_items i on i.booking_id = b.id
  where b.status in ('confirmed', 'ticketed', 'modified') and b.travel_start_at > now() + interval '3 days'
    and exists (select 1 from payment_transactions p where p.booking_id = b.id and p.kind = 'charge' and p.status = 'succeeded')
    and not exists (select 1 from cancellation_requests c where c.booking_id = b.id and c.status in ${OPEN_CANCELLATION})
    and not exists (select 1 from refunds r where r.booking_id = b.id)
  group by b.id having bool_and(i.status in ('confirmed', 'ticketed', 'modified')) and count(distinct i.provider_code) >= ${providers}
  order by b.id`,
  );

/** Refunds the local gateway holds against this booking's charge, whatever our records say. */
export const gatewayRefundsOf = (db: Db, bookingId: string) =>
  rowsOf<{ id: string; amount: number; status: string; refundId: string }>(
    db,
    sql`
  select g.id, g.amount_minor::int as amount, g.status, g.metadata->>'refund_id' as "refundId" from local_gateway_refunds g
  join local_gateway_payment_intents pi on pi.id = g.payment_intent_id
  join payment_transactions p on p.stripe_payment_intent_id = pi.id or p.stripe_charge_id = pi.charge_id
  where p.booking_id = ${bookingId} order by g.created_at`,
  );

export const refundsOf = (db: Db, bookingId: string) =>
  rowsOf<{ id: string; status: string; amount: number; gatewayId: string | null; retries: number }>(
    db,
    sql`
  select id, status::text, amount_minor::int as amount, stripe_refund_id as "gatewayId", retry_count as retries from refunds where booking_id = ${bookingId} order by created_at`,
  );

export const cancellationStatus = async (db: Db, id: string) =>
  (await rowsOf<{ status: string }>(db, sql`select status::text from cancellation_requests where id = ${id}`))[0]
    ?.status;

/** How many times each item of the booking moved into a cancelled status (history rows). */
export const cancelTransitions = (db: Db, bookingId: string) =>
  rowsOf<{ item: string; n: number }>(
    db,
    sql`
  select i.id as item, (select count(*)::int from booking_status_history h where h.booking_item_id = i.id and h.to_status in ('cancelled', 'provider_cancelled')) as n
  from booking_items i where i.booking_id = ${bookingId} order by i.id`,
  );

// What must hold after any sequence, read from our rows and the local gateway's own records:
// gateway cash never above what the card paid, promo never returned, credit only back as credit.
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

/**
 * Card payments where ops paid a refund with an override while the charge was disputed, and the
 * dispute was then lost: the bank took the same money back. That is the risk the override accepts;
 * the product can only record the chargeback capped and ask a human (a high alert), and the money
 * check rightly stays red on that chargeback.
 */
export async function overridePaidThenLost(db: Db): Promise<{ paymentId: string; bookingId: string }[]> {
  const rows = await db.execute<{ payment_id: string; booking_id: string }>(sql`
    select distinct p.id as payment_id, p.booking_id from payment_transactions p
      join refunds r on r.payment_transaction_id = p.id
      join local_gateway_disputes d on d.payment_intent_id = p.stripe_payment_intent_id
     where r.dispute_override_reason is not null and r.status = 'succeeded'
       and d.status = 'lost' and r.processed_at between d.created_at and d.updated_at`);
  return rows.map((r) => ({ paymentId: r.payment_id, bookingId: r.booking_id }));
}

/** Every violation found, as readable lines (empty: all hold); `risked`: card payments exempt from the cash bound. */
export async function moneyViolations(db: Db, bookingIds: string[], risked: string[] = []): Promise<string[]> {
  const ids = sql.join(
    bookingIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const out: string[] = [];
  // Cash the gateway paid out per card payment: its succeeded refunds and lost disputes.
  const cash = await db.execute<{ id: string; paid: number; refunded: number; charged_back: number }>(sql`
    select p.id, p.amount_minor::int as paid,
      coalesce((select sum(g.amount_minor) from local_gateway_refunds g
                 where g.payment_intent_id = p.stripe_payment_intent_id and g.status = 'succeeded'), 0)::int as refunded,
      coalesce((select sum(d.amount_minor) from local_gateway_disputes d
                 where d.payment_intent_id = p.stripe_payment_intent_id and d.status = 'lost'), 0)::int as charged_back
    from payment_transactions p where p.booking_id in (${ids}) and p.method = 'card'`);
  for (const c of cash)
    if (c.refunded + c.charged_back > c.paid && !risked.includes(c.id))
      out.push(
        `card payment ${c.id}: gateway paid out ${c.refunded} + chargeback ${c.charged_back} > charged ${c.paid}`,
      );
  // Promo value is never a refund leg, whatever its status.
  const promo = await db.execute<{ id: string; status: string }>(sql`
    select r.id, r.status::text from refunds r join payment_transactions p on p.id = r.payment_transaction_id
    where p.booking_id in (${ids}) and p.method::text = 'promo'`);
  for (const r of promo) out.push(`refund ${r.id} (${r.status}) returns promo value`);
  // A credit leg is paid to the ledger (an entry for exactly its amount), never through the gateway.
  const credit = await db.execute<{ id: string; status: string; gateway_id: string | null; ledger: number }>(sql`
    select r.id, r.status::text, r.stripe_refund_id as gateway_id,
      coalesce((select sum(e.amount_minor) from credit_entries e where e.refund_id = r.id and e.kind = 'refund_as_credit'), 0)::int as ledger
    from refunds r join payment_transactions p on p.id = r.payment_transaction_id
    where p.booking_id in (${ids}) and p.method::text = 'credit'`);
  for (const r of credit) {
    if (r.gateway_id && !r.gateway_id.startsWith("ledger:"))
      out.push(`credit refund ${r.id} went to the gateway as ${r.gateway_id}`);
    if (r.status === "succeeded" ? r.ledger === 0 : r.ledger !== 0)
      out.push(`credit refund ${r.id} is ${r.status} with ${r.ledger} credited to the ledger`);
  }
  const strays = await db.execute<{ id: string }>(sql`
    select g.id from local_gateway_refunds g where (g.metadata->>'refund_id') in (
      select r.id::text from refunds r join payment_transactions p on p.id = r.payment_transaction_id
      where p.booking_id in (${ids}) and p.method::text in ('credit', 'promo'))`);
  for (const g of strays) out.push(`gateway refund ${g.id} pays back a credit or promo leg`);
  // What came back on each booking never exceeds what it paid less its promo.
  const whole = await db.execute<{ id: string; back: number; cap: number }>(sql`
    select b.id,
      coalesce((select sum(r.amount_minor) from refunds r where r.booking_id = b.id and r.status = 'succeeded'), 0)::int as back,
      coalesce((select sum(p.amount_minor) from payment_transactions p
                 where p.booking_id = b.id and p.status = 'succeeded' and p.method::text <> 'promo'), 0)::int as cap
    from bookings b where b.id in (${ids})`);
  for (const b of whole) if (b.back > b.cap) out.push(`booking ${b.id}: ${b.back} returned of ${b.cap} returnable`);
  return out;
}

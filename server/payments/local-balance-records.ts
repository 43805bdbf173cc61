// The local gateway's money records, as Stripe's balance transactions would list them: captured
// charges, succeeded refunds and lost disputes (chargebacks). One SQL relation, used both by the
// port's stream (local-gateway.ts listBalanceRecords) and, set-based, by the daily money check,
// which reads it in the same database (server/services/money-check).
import { type SQL, sql } from "drizzle-orm";

/**
 * Columns: kind, gateway_id, payment_intent_id, amount_minor, currency, created_at (a chargeback's
 * is when the dispute was lost: that is when the money became the bank's).
 */
export function localBalanceRecordsSql(createdBefore: Date): SQL {
  const before = createdBefore.toISOString();
  // A checkout charge (made outside this product) is held by the local gateway only as our row
  // says until a refund adopts it (local-gateway.ts findIntentForUpdate); until then it is one
  // of its charges as recorded, so the check compares what it has actually touched.
  return sql`(
    select 'charge'::text as kind, coalesce(i.charge_id, i.id) as gateway_id, i.id as payment_intent_id,
           i.amount_received_minor as amount_minor, i.currency::text as currency, i.created_at
      from local_gateway_payment_intents i
     where i.status = 'succeeded' and i.amount_received_minor > 0 and i.created_at < ${before}::timestamptz
    union all
    select 'charge', coalesce(p.stripe_charge_id, p.stripe_payment_intent_id), p.stripe_payment_intent_id,
           p.amount_minor, p.currency::text, p.created_at
      from payment_transactions p
     where p.gateway = 'local' and p.status = 'succeeded' and p.amount_minor > 0
       and p.method::text not in ('credit', 'promo') and p.stripe_payment_intent_id is not null
       and p.created_at < ${before}::timestamptz
       and not exists (select 1 from local_gateway_payment_intents i where i.id = p.stripe_payment_intent_id)
    union all
    select 'refund', r.id, r.payment_intent_id, r.amount_minor, r.currency::text, r.created_at
      from local_gateway_refunds r
     where r.status = 'succeeded' and r.created_at < ${before}::timestamptz
    union all
    select 'chargeback', d.id, d.payment_intent_id, d.amount_minor, d.currency::text, d.updated_at
      from local_gateway_disputes d
     where d.status = 'lost' and d.updated_at < ${before}::timestamptz
  )`;
}

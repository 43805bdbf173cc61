// The local payment gateway's side of the seeded money (db/schema/gateway.ts), written set-based
// from our rows once every batch is in, as the providers' side is (seedSandboxFromItems): the
// charges it captured, the refunds it was asked for (with their outcome) and the disputes. So the
// daily money check (server/services/money-check) is green on a fresh seed, and every later refund
// or dispute acts on a charge the gateway already holds.
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

/** A stable uuid for a record derived from another (the seed's random stream stays as it was). */
export function derivedUuid(from: string): string {
  const h = createHash("sha256").update(from).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export async function seedLocalGatewayFromPayments(db: Db): Promise<void> {
  // Refunds the gateway holds: every one we sent (it has a gateway id), chargebacks excepted.
  const sent = sql`r.stripe_refund_id is not null and r.reason is distinct from 'chargeback'`;
  // Fresh statistics first: right after the bulk load the planner thinks these tables are empty.
  await db.execute(sql`analyze payment_transactions, refunds, disputes`);
  await db.execute(sql`
    insert into local_gateway_payment_intents
      (id, charge_id, status, amount_minor, amount_received_minor, refunded_minor, currency, payment_method_id,
       description, metadata, client_secret, created_at, updated_at)
    select p.stripe_payment_intent_id, p.stripe_charge_id, 'succeeded', p.amount_minor, p.amount_minor,
           least(p.amount_minor, coalesce(rr.minor, 0)),
           p.currency, p.stripe_payment_method_id, 'Checkout charge', jsonb_build_object('paymentTransactionId', p.id::text),
           p.stripe_payment_intent_id || '_secret_seed', p.created_at, p.created_at
      from payment_transactions p
      left join (select r.payment_transaction_id, sum(r.amount_minor) as minor from refunds r
                  where ${sent} and r.status::text in ('pending', 'processing', 'succeeded')
                  group by r.payment_transaction_id) rr on rr.payment_transaction_id = p.id
     where p.gateway = 'local' and p.status = 'succeeded' and p.amount_minor > 0
       and p.stripe_payment_intent_id is not null and p.method::text not in ('credit', 'promo')
    on conflict (id) do nothing`);
  await db.execute(sql`
    insert into local_gateway_refunds (id, payment_intent_id, charge_id, amount_minor, currency, status, reason, metadata, created_at, updated_at)
    select r.stripe_refund_id, p.stripe_payment_intent_id, p.stripe_charge_id, r.amount_minor, r.currency,
           case r.status::text when 'succeeded' then 'succeeded' when 'failed' then 'failed' else 'pending' end,
           'requested_by_customer', jsonb_build_object('refund_id', r.id::text, 'booking_id', r.booking_id::text),
           r.created_at, coalesce(r.processed_at, r.updated_at)
      from refunds r join payment_transactions p on p.id = r.payment_transaction_id
      join local_gateway_payment_intents i on i.id = p.stripe_payment_intent_id
     where ${sent}
    on conflict (id) do nothing`);
  await db.execute(sql`
    insert into local_gateway_disputes
      (id, payment_intent_id, charge_id, amount_minor, currency, reason, status, evidence_due_by, created_at, updated_at)
    select d.stripe_dispute_id, p.stripe_payment_intent_id, p.stripe_charge_id, d.amount_minor, d.currency,
           coalesce(d.reason, 'general'), d.status::text, coalesce(d.evidence_due_by, d.created_at + interval '7 days'),
           d.created_at, coalesce(d.resolved_at, d.updated_at)
      from disputes d join payment_transactions p on p.id = d.payment_transaction_id
     where p.gateway = 'local' and p.stripe_payment_intent_id is not null
    on conflict (id) do nothing`);
}

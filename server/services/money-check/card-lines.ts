// Card money (and the other gateway tenders): what we charged, refunded and lost to chargebacks,
// recounted from payment_transactions and refunds rows (never from the bookings' rollups), against
// the gateway's own records. Travel credit and promo tenders never reach the gateway (tenders.ts):
// their lines belong to their own ledgers.
import { sql } from "drizzle-orm";
import { compareWithGateway } from "./compare";
import { type MoneyCheckContext, registerMoneyCheckLine } from "./lines";

/** Payments of this gateway that moved money through it (written with text, see tenders.ts isGatewayTender). */
const gatewayPayment = (ctx: MoneyCheckContext) =>
  sql`p.gateway = ${ctx.gateway} and p.method::text not in ('credit', 'promo')`;
const before = (ctx: MoneyCheckContext) => sql`${ctx.asOf.toISOString()}::timestamptz`;

registerMoneyCheckLine({
  key: "card_charges",
  label: "Card charges",
  check: (ctx) =>
    compareWithGateway(ctx, {
      line: "card_charges",
      kind: "charge",
      gatewayKey: "payment_intent_id",
      ours: sql`select p.id::text as id, p.stripe_payment_intent_id as key, p.booking_id::text as booking_id,
                       p.amount_minor, p.currency::text as currency
                  from payment_transactions p
                 where ${gatewayPayment(ctx)} and p.status = 'succeeded' and p.amount_minor > 0
                   and p.created_at < ${before(ctx)}`,
    }),
});

// Refunds the gateway paid out. A lost dispute's chargeback is a refunds row too (reason
// 'chargeback', record-chargeback.ts) that the gateway never paid: it has its own line. So is a
// card leg its owner took as travel credit (credits/refund-as-credit.ts, gateway id `ledger:…`):
// paid to the credit ledger, never by the gateway.
registerMoneyCheckLine({
  key: "card_refunds",
  label: "Card refunds",
  check: (ctx) =>
    compareWithGateway(ctx, {
      line: "card_refunds",
      kind: "refund",
      gatewayKey: "gateway_id",
      ours: sql`select r.id::text as id, r.stripe_refund_id as key, r.booking_id::text as booking_id,
                       r.amount_minor, r.currency::text as currency
                  from refunds r join payment_transactions p on p.id = r.payment_transaction_id
                 where ${gatewayPayment(ctx)} and r.status = 'succeeded'
                   and r.reason is distinct from 'chargeback' and r.created_at < ${before(ctx)}
                   and coalesce(r.stripe_refund_id, '') not like 'ledger:%'`,
    }),
});

// Chargebacks: keyed by the gateway's dispute id, which record-chargeback.ts puts in the refund's
// idempotency key (`chargeback:<dispute id>`).
registerMoneyCheckLine({
  key: "card_chargebacks",
  label: "Chargebacks (lost disputes)",
  check: (ctx) =>
    compareWithGateway(ctx, {
      line: "card_chargebacks",
      kind: "chargeback",
      gatewayKey: "gateway_id",
      ours: sql`select r.id::text as id,
                       case when r.idempotency_key like 'chargeback:%' then substr(r.idempotency_key, 12) end as key,
                       r.booking_id::text as booking_id, r.amount_minor, r.currency::text as currency
                  from refunds r join payment_transactions p on p.id = r.payment_transaction_id
                 where ${gatewayPayment(ctx)} and r.status = 'succeeded' and r.reason = 'chargeback'
                   and r.created_at < ${before(ctx)}`,
    }),
});

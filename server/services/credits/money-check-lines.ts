// Travel credit's lines in the daily money check (server/services/money-check/lines.ts): the
// credit ledger has no gateway, so each line proves that two of our own records of the same money
// agree, per currency, and names the rows where they do not.
import { type SQL, sql } from "drizzle-orm";
import { sqlList } from "@/db/raw-sql";
import type { MoneyCheckDifferenceRow } from "@/db/schema";
import { drawKinds, grantKinds } from "@/server/domain/credits/ledger";
import {
  type MoneyCheckContext,
  type MoneyCheckLineOutcome,
  registerMoneyCheckLine,
} from "@/server/services/money-check/lines";

type Pair = { id: string; booking_id: string | null; ours: string | null; ledger: string | null; currency: string };

/**
 * `pairs` yields one row per record: its amount on our side and in the ledger (null when that side
 * has none). Totals per currency and the rows behind a difference come from the same rows.
 */
async function compareWithLedger(ctx: MoneyCheckContext, line: string, pairs: SQL): Promise<MoneyCheckLineOutcome> {
  const [r] = await ctx.tx.execute<{
    totals: { currency: string; ours: string; ledger: string }[] | null;
    rows: Pair[] | null;
    bad: number;
  }>(sql`
    with p as materialized (${pairs}),
    bad as (select * from p where ours is distinct from ledger)
    select
      (select json_agg(t order by t.currency) from (
         select currency, coalesce(sum(ours), 0)::text as ours, coalesce(sum(ledger), 0)::text as ledger
           from p group by currency) t) as totals,
      (select json_agg(b) from (select * from bad order by id limit ${ctx.maxRows}) b) as rows,
      (select count(*)::int from bad) as bad`);
  const amount = (v: string | null) => (v === null ? null : Number(v));
  return {
    totals: (r.totals ?? []).map((t) => ({
      currency: t.currency,
      oursMinor: Number(t.ours),
      gatewayMinor: Number(t.ledger),
    })),
    differences: (r.rows ?? []).map((b): MoneyCheckDifferenceRow => ({
      line,
      problem: b.ours === null ? "no_record_of_ours" : b.ledger === null ? "no_ledger_entry" : "amount_differs",
      currency: b.currency,
      ourId: b.id,
      gatewayId: null,
      bookingId: b.booking_id,
      oursMinor: amount(b.ours),
      gatewayMinor: amount(b.ledger),
    })),
    differenceCount: r.bad,
  };
}

const before = (ctx: MoneyCheckContext) => sql`${ctx.asOf.toISOString()}::timestamptz`;

// Money that moved through credit: refunds paid back as credit against their `refund_as_credit`
// grants, and credit tenders (captured at intake, spent on a fee) against their draws. Only our
// side is cut at `asOf`: an entry is written in the same transaction as the row it pays.
registerMoneyCheckLine({
  key: "credit_movements",
  label: "Travel credit: refunds and tenders",
  check: (ctx) =>
    compareWithLedger(
      ctx,
      "credit_movements",
      sql`
      with refunded as (
        select r.id, r.booking_id, r.amount_minor, r.currency from refunds r
         where r.status = 'succeeded' and r.stripe_refund_id like 'ledger:%' and r.created_at < ${before(ctx)}),
      granted as (
        select e.refund_id as id, sum(e.amount_minor) as amount_minor, min(e.currency) as currency from credit_entries e
         where e.kind = 'refund_as_credit' and e.refund_id is not null group by e.refund_id),
      tendered as (
        select p.id, p.booking_id, p.amount_minor, p.currency from payment_transactions p
         where p.method::text = 'credit' and p.status = 'succeeded' and p.created_at < ${before(ctx)}),
      drawn as (
        select e.payment_transaction_id as id, sum(e.amount_minor) as amount_minor, min(e.currency) as currency
          from credit_entries e
         where e.kind in ('capture', 'spend') and e.payment_transaction_id is not null
         group by e.payment_transaction_id)
      select coalesce(o.id, l.id)::text as id, o.booking_id::text as booking_id, o.amount_minor as ours,
             l.amount_minor as ledger, coalesce(o.currency, l.currency)::text as currency
        from refunded o full join granted l on l.id = o.id
      union all
      select coalesce(o.id, l.id)::text, o.booking_id::text, o.amount_minor, l.amount_minor, coalesce(o.currency, l.currency)::text
        from tendered o full join drawn l on l.id = o.id`,
    ),
});

// Each account's balance row (kept by the ledger's trigger) against a recount of its entries.
registerMoneyCheckLine({
  key: "credit_balances",
  label: "Travel credit: balances",
  check: (ctx) =>
    compareWithLedger(
      ctx,
      "credit_balances",
      sql`
      with recount as (
        select user_id, currency, sum(case
          when kind in ${sqlList(grantKinds)} then amount_minor
          when kind in ${sqlList(drawKinds)} then -amount_minor else 0 end) as amount_minor
          from credit_entries group by user_id, currency)
      select (coalesce(b.user_id, e.user_id)::text || ':' || coalesce(b.currency, e.currency)) as id,
             null::text as booking_id, b.balance_minor as ours, e.amount_minor as ledger,
             coalesce(b.currency, e.currency)::text as currency
        from credit_balances b full join recount e on e.user_id = b.user_id and e.currency = b.currency`,
    ),
});

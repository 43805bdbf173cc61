// One rule for every gateway-backed line: our rows and the gateway's records of one kind, joined on
// the gateway's id in a single set-based statement (hash full join; no per-row round trips, so the
// check stays within its minute at 1,000,000 bookings). Totals per currency come from the same
// join as the rows behind a difference, so the two can never disagree.
import { type SQL, sql } from "drizzle-orm";
import type { MoneyCheckDifferenceRow } from "@/db/schema";
import type { MoneyCheckContext, MoneyCheckLineOutcome } from "./lines";

/** A gateway record with no row of ours is only a difference once it is this old (our row may be on its way). */
export const IN_FLIGHT_GRACE_MS = 60 * 60_000;

export type CompareInput = {
  line: string;
  /** Our rows: id, key (the gateway's id, null when we never got one), booking_id, amount_minor, currency. */
  ours: SQL;
  /** Which of the gateway's records this line compares. */
  kind: "charge" | "refund" | "chargeback";
  /** The gateway record's column our key matches: its own id, or its payment intent. */
  gatewayKey: "gateway_id" | "payment_intent_id";
};

type Result = {
  totals: { currency: string; ours: string; gateway: string }[] | null;
  rows:
    | {
        our_id: string | null;
        booking_id: string | null;
        gateway_id: string | null;
        o_amount: string | null;
        g_amount: string | null;
        o_currency: string | null;
        g_currency: string | null;
      }[]
    | null;
  bad: number;
};

export async function compareWithGateway(ctx: MoneyCheckContext, c: CompareInput): Promise<MoneyCheckLineOutcome> {
  const graceCut = new Date(ctx.asOf.getTime() - IN_FLIGHT_GRACE_MS).toISOString();
  const [r] = await ctx.tx.execute<Result>(sql`
    with o as materialized (${c.ours}),
    g as materialized (
      select ${sql.raw(c.gatewayKey)} as key, gateway_id, amount_minor, currency, created_at
        from ${ctx.gatewayRecords} gr where kind = ${c.kind}
    ),
    j as materialized (
      select o.id as our_id, o.booking_id, g.gateway_id,
             o.amount_minor as o_amount, g.amount_minor as g_amount, o.currency as o_currency, g.currency as g_currency
        from o full join g on g.key = o.key
       where o.id is not null or g.created_at < ${graceCut}::timestamptz
    ),
    bad as (
      select * from j
       where our_id is null or gateway_id is null or o_amount <> g_amount or o_currency <> g_currency
    )
    select
      (select json_agg(t order by t.currency) from (
         select v.currency, sum(v.ours)::text as ours, sum(v.gateway)::text as gateway
           from j cross join lateral (values (j.o_currency, j.o_amount, 0::bigint), (j.g_currency, 0::bigint, j.g_amount)) v(currency, ours, gateway)
          where v.currency is not null
          group by v.currency) t) as totals,
      (select json_agg(b) from (select * from bad order by coalesce(o_currency, g_currency), our_id, gateway_id limit ${ctx.maxRows}) b) as rows,
      (select count(*)::int from bad) as bad`);
  const rows: MoneyCheckDifferenceRow[] = (r.rows ?? []).map((b) => ({
    line: c.line,
    problem:
      b.gateway_id === null
        ? "no_gateway_record"
        : b.our_id === null
          ? "no_record_of_ours"
          : b.o_currency !== b.g_currency
            ? "currency_differs"
            : "amount_differs",
    currency: b.o_currency ?? b.g_currency,
    ourId: b.our_id,
    gatewayId: b.gateway_id,
    bookingId: b.booking_id,
    oursMinor: b.o_amount === null ? null : Number(b.o_amount),
    gatewayMinor: b.g_amount === null ? null : Number(b.g_amount),
  }));
  return {
    totals: (r.totals ?? []).map((t) => ({
      currency: t.currency.trim(),
      oursMinor: Number(t.ours),
      gatewayMinor: Number(t.gateway),
    })),
    differences: rows,
    differenceCount: Number(r.bad),
  };
}

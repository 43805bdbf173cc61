import { eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { payoutStatements } from "@/db/schema";
import { formatMoney } from "@/server/domain/money";
import { openFollowUp } from "@/server/services/escalation/open-follow-up";
import { recordEvent } from "@/server/services/events/record-event";
import { ledgerEntries } from "./ledger";

// Matching (issue 23 item 4), set-based: the staged lines and our ledger are each summed by
// (provider reference, type) and joined once. A pair that agrees matches; every other pair is a
// payout dispute (the provider says we owe more or less, a line we do not know, an entry of ours in
// the statement's period that it forgot). One follow-up per statement lists its disputes.

const FOLLOW_UP_DAYS = 3;

export async function matchStatement(tx: Tx, statementId: string, now: Date) {
  const [s] = await tx.select().from(payoutStatements).where(eq(payoutStatements.id, statementId));
  await tx.execute(sql`
    create temp table payout_match on commit drop as
    with st as (
      select provider_reference as ref, type, sum(amount_minor) as amount,
             (array_agg(id order by row_number))[1] as first_line
      from payout_statement_lines where statement_id = ${statementId}
      group by provider_reference, type
    ), ours as (
      select provider_reference as ref, type, sum(amount_minor) as amount,
             (array_agg(booking_item_id))[1] as item_id, min(occurred_on) as occurred_on
      from (${ledgerEntries(s.providerCode, s.currency, false)}) l
      group by provider_reference, type
    )
    select coalesce(st.ref, ours.ref) as ref, coalesce(st.type, ours.type) as type,
           st.amount as statement_amount, ours.amount as our_amount, st.first_line, ours.item_id,
           case when st.ref is null then 'missing_line'
                when ours.ref is null then 'unknown_line'
                when st.amount > ours.amount then 'owe_more'
                when st.amount < ours.amount then 'owe_less' end as kind
    from st full join ours on ours.ref = st.ref and ours.type = st.type
    where st.ref is not null or ours.occurred_on between ${s.periodFrom}::date and ${s.periodTo}::date`);
  await tx.execute(sql`
    update payout_statement_lines l
    set match_status = case when m.our_amount is null then 'unknown' when m.kind is null then 'matched' else 'mismatched' end,
        our_amount_minor = m.our_amount, booking_item_id = m.item_id
    from payout_match m
    where l.statement_id = ${statementId} and l.provider_reference = m.ref and l.type = m.type`);
  const disputes = await tx.execute<{ id: string; kind: string; ref: string; type: string }>(sql`
    insert into payout_disputes (provider_code, statement_id, line_id, booking_item_id, kind, type, provider_reference,
                                 statement_amount_minor, our_amount_minor, currency)
    select ${s.providerCode}, ${statementId}, first_line, item_id, kind, type, ref, statement_amount, our_amount, ${s.currency}
    from payout_match where kind is not null
    order by ref, type
    returning id, kind, provider_reference as ref, type`);
  const [{ matched }] = await tx.execute<{ matched: number }>(
    sql`select count(*)::int as matched from payout_statement_lines where statement_id = ${statementId} and match_status = 'matched'`,
  );
  let followUpId: string | null = null;
  if (disputes.length) {
    const f = await openFollowUp(tx, {
      kind: "payout_disputes",
      title: `${s.providerCode} statement ${s.statementId}: ${disputes.length} payout dispute${disputes.length === 1 ? "" : "s"} (total ${formatMoney(s.totalMinor, s.currency)})`,
      dueAt: new Date(now.getTime() + FOLLOW_UP_DAYS * 86_400_000),
      priority: "medium",
      dedupeKey: `payout-statement:${statementId}`,
      details: {
        providerCode: s.providerCode,
        statementId,
        statementRef: s.statementId,
        disputes: disputes.length,
        // The first hundred, for the follow-up's page; the payouts page lists them all.
        first: disputes.slice(0, 100).map((d) => ({ id: d.id, kind: d.kind, reference: d.ref, type: d.type })),
        page: `/ops/providers/${encodeURIComponent(s.providerCode)}/payouts?statement=${statementId}`,
      },
    });
    followUpId = f.id;
  }
  await tx
    .update(payoutStatements)
    .set({ matchedCount: matched, disputeCount: disputes.length, followUpId })
    .where(eq(payoutStatements.id, statementId));
  await recordEvent(tx, "payout/statement_imported", {
    statementId,
    providerCode: s.providerCode,
    lines: s.lineCount,
    matched,
    disputes: disputes.length,
  });
  return { matched, disputes: disputes.length };
}

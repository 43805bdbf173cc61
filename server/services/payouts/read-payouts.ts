import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { camelRows } from "@/db/raw-sql";
import { payoutDisputes, payoutStatementLines, payoutStatements } from "@/db/schema";
import { keysetPage, type PageRequest } from "@/server/domain/page-cursor";
import type { PayoutDisputeStatus } from "@/server/domain/statements/types";
import { keyset } from "@/server/services/paging/keyset";

// What the payouts page reads (issue 23 item 4): a provider's balance per currency from our
// ledger, its statements, its unmatched lines and its payout disputes (keyset pages).

/**
 * Per currency: what our ledger says we owe the provider (negative: it owes us) and what is in
 * dispute. The ledger part reads the provider's rollup (total + deltas in one statement, each a
 * primary-key range), which the triggers of migrations 0045/0046 keep equal to summing `ledgerEntries`.
 */
export async function providerBalances(db: Db, providerCode: string) {
  const rows = await db.execute<{
    currency: string;
    owed_minor: string;
    entries: number;
    open_disputes: number;
    disputed_minor: string;
  }>(sql`
    with l as (select nullif(currency, '') as currency, sum(owed_minor) as owed, sum(entries)::int as n
               from (select currency, owed_minor, entries from provider_ledger_total where provider_code = ${providerCode}
                     union all
                     select currency, owed_minor, entries from provider_ledger_delta where provider_code = ${providerCode}) r
               group by r.currency having sum(entries) > 0),
         d as (select currency, count(*)::int as n, sum(coalesce(statement_amount_minor, 0) - coalesce(our_amount_minor, 0)) as diff
               from payout_disputes where provider_code = ${providerCode} and status = 'open' group by currency)
    select coalesce(l.currency, d.currency) as currency, coalesce(l.owed, 0)::text as owed_minor, coalesce(l.n, 0) as entries,
           coalesce(d.n, 0) as open_disputes, coalesce(d.diff, 0)::text as disputed_minor
    from l full join d on d.currency = l.currency order by 1`);
  // bigint sums come back as text: a provider's total could pass 2^53 only in theory, checked here.
  return camelRows(rows).map((r) => ({
    currency: r.currency,
    owedMinor: safe(r.owedMinor),
    entries: r.entries,
    openDisputes: r.openDisputes,
    disputedMinor: safe(r.disputedMinor),
  }));
}

const safe = (text: string) => {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`${text} is beyond a safe integer`);
  return n;
};

/** The latest statements of a provider, newest first. */
export function listStatements(db: Db, providerCode: string, limit = 20) {
  return db
    .select()
    .from(payoutStatements)
    .where(eq(payoutStatements.providerCode, providerCode))
    .orderBy(desc(payoutStatements.createdAt), desc(payoutStatements.id))
    .limit(limit);
}

/** Lines the statement has that our ledger does not agree with, newest first. */
export async function listUnmatchedLines(db: Db, providerCode: string, page: PageRequest) {
  const k = keyset(page, payoutStatementLines.createdAt, payoutStatementLines.id);
  const rows = await db
    .select({
      id: payoutStatementLines.id,
      statementId: payoutStatementLines.statementId,
      rowNumber: payoutStatementLines.rowNumber,
      lineId: payoutStatementLines.lineId,
      providerReference: payoutStatementLines.providerReference,
      bookingReference: payoutStatementLines.bookingReference,
      type: payoutStatementLines.type,
      amountMinor: payoutStatementLines.amountMinor,
      ourAmountMinor: payoutStatementLines.ourAmountMinor,
      currency: payoutStatementLines.currency,
      occurredOn: payoutStatementLines.occurredOn,
      matchStatus: payoutStatementLines.matchStatus,
      pageAt: k.pageAt,
    })
    .from(payoutStatementLines)
    .where(
      and(
        eq(payoutStatementLines.providerCode, providerCode),
        // The partial index's predicate, as a literal so the planner can prove it applies.
        sql`${payoutStatementLines.matchStatus} <> 'matched'`,
        k.where,
      ),
    )
    .orderBy(...k.orderBy)
    .limit(k.limit);
  return keysetPage(rows, page, (r) => ({ at: r.pageAt, id: r.id }));
}

/** A provider's payout disputes, newest first, optionally only open or resolved ones. */
export async function listPayoutDisputes(
  db: Db,
  providerCode: string,
  filter: { status?: PayoutDisputeStatus },
  page: PageRequest,
) {
  const k = keyset(page, payoutDisputes.createdAt, payoutDisputes.id);
  const rows = await db
    .select({
      id: payoutDisputes.id,
      statementId: payoutDisputes.statementId,
      kind: payoutDisputes.kind,
      type: payoutDisputes.type,
      providerReference: payoutDisputes.providerReference,
      statementAmountMinor: payoutDisputes.statementAmountMinor,
      ourAmountMinor: payoutDisputes.ourAmountMinor,
      currency: payoutDisputes.currency,
      status: payoutDisputes.status,
      resolutionNote: payoutDisputes.resolutionNote,
      resolvedBy: payoutDisputes.resolvedBy,
      resolvedAt: payoutDisputes.resolvedAt,
      createdAt: payoutDisputes.createdAt,
      pageAt: k.pageAt,
    })
    .from(payoutDisputes)
    .where(
      and(
        eq(payoutDisputes.providerCode, providerCode),
        filter.status ? eq(payoutDisputes.status, filter.status) : undefined,
        k.where,
      ),
    )
    .orderBy(...k.orderBy)
    .limit(k.limit);
  return keysetPage(rows, page, (r) => ({ at: r.pageAt, id: r.id }));
}

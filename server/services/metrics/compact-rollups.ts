import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

/**
 * Folds the append-only deltas into the rollups, in one transaction: readers (who sum rollup +
 * deltas in one statement) see either the deltas or their sum, never both or neither. A second
 * compaction at the same time simply finds nothing to do (try-lock).
 */
export async function compactRollups(db: Db): Promise<{ compacted: boolean }> {
  return db.transaction(async (tx) => {
    const [{ locked }] = await tx.execute<{ locked: boolean }>(
      sql`select pg_try_advisory_xact_lock(hashtext('metrics:compact-rollups')) as locked`,
    );
    if (!locked) return { compacted: false };
    // The deltas go into the daily rollup and the all-time totals in the same statement.
    await tx.execute(sql`with d as (delete from booking_rollup_delta returning *),
      daily as (
        insert into booking_rollup (day, currency, status, bookings, total_minor, paid_minor, refunded_minor, disputed, open_issues)
        select day, currency, status, sum(bookings), sum(total_minor), sum(paid_minor), sum(refunded_minor), sum(disputed), sum(open_issues)
        from d group by day, currency, status
        on conflict (day, currency, status) do update set
          bookings = booking_rollup.bookings + excluded.bookings, total_minor = booking_rollup.total_minor + excluded.total_minor,
          paid_minor = booking_rollup.paid_minor + excluded.paid_minor, refunded_minor = booking_rollup.refunded_minor + excluded.refunded_minor,
          disputed = booking_rollup.disputed + excluded.disputed, open_issues = booking_rollup.open_issues + excluded.open_issues)
      insert into booking_rollup_total (currency, status, bookings, total_minor, paid_minor, refunded_minor, disputed, open_issues)
      select currency, status, sum(bookings), sum(total_minor), sum(paid_minor), sum(refunded_minor), sum(disputed), sum(open_issues)
      from d group by currency, status
      on conflict (currency, status) do update set
        bookings = booking_rollup_total.bookings + excluded.bookings, total_minor = booking_rollup_total.total_minor + excluded.total_minor,
        paid_minor = booking_rollup_total.paid_minor + excluded.paid_minor, refunded_minor = booking_rollup_total.refunded_minor + excluded.refunded_minor,
        disputed = booking_rollup_total.disputed + excluded.disputed, open_issues = booking_rollup_total.open_issues + excluded.open_issues`);
    await tx.execute(sql`with d as (delete from timing_rollup_delta returning *)
      insert into timing_rollup (day, metric, n, seconds) select day, metric, sum(n), sum(seconds) from d group by day, metric
      on conflict (day, metric) do update set n = timing_rollup.n + excluded.n, seconds = timing_rollup.seconds + excluded.seconds`);
    // Provider balances (payouts page): deltas per (provider, currency) into their totals (a total
    // netted to no entries is left; the reader skips it).
    await tx.execute(sql`with d as (delete from provider_ledger_delta returning *)
      insert into provider_ledger_total (provider_code, currency, owed_minor, entries)
      select provider_code, currency, sum(owed_minor), sum(entries) from d group by provider_code, currency
      on conflict (provider_code, currency) do update set owed_minor = provider_ledger_total.owed_minor + excluded.owed_minor,
        entries = provider_ledger_total.entries + excluded.entries`);
    // Rows that netted to nothing (every booking of that day/currency moved to another status).
    await tx.execute(
      sql`delete from booking_rollup where bookings = 0 and total_minor = 0 and paid_minor = 0 and refunded_minor = 0 and disputed = 0 and open_issues = 0`,
    );
    return { compacted: true };
  });
}

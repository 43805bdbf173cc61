import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

/** Past this many rows the published count is the planner's estimate: counting them all would cost seconds. */
const EXACT_UP_TO = 100_000;

/**
 * The event outbox's health: how much is waiting and for how long (shown on /ops/jobs). The waiting
 * rows are read from the partial index outbox_pending; the published ones, which only grow, are
 * counted exactly while the table is small and estimated (pg_class.reltuples) once it is not.
 */
export async function eventOutboxHealth(db: Db) {
  const [r] = await db.execute<{ pending: number; oldest: number | null; rows: number }>(sql`select
    (select count(*)::int from outbox where sent_at is null) as pending,
    (select extract(epoch from now() - min(created_at))::int from outbox where sent_at is null) as oldest,
    (select reltuples::float8 from pg_class where oid = 'outbox'::regclass) as rows`);
  const pending = Number(r.pending);
  const estimated = Number(r.rows) > EXACT_UP_TO;
  const sent = estimated
    ? Math.max(0, Math.round(Number(r.rows)) - pending)
    : Number(
        (await db.execute<{ n: number }>(sql`select count(*)::int as n from outbox where sent_at is not null`))[0].n,
      );
  return {
    pending,
    sent,
    /** `sent` is an estimate (a large outbox). */
    sentIsEstimate: estimated,
    oldestPendingSeconds: r.oldest == null ? null : Number(r.oldest),
  };
}

import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

export type RateLimit = { key: string; limit: number; windowSeconds: number };
export type RateLimitAnswer = { allowed: true } | { allowed: false; retryAt: Date };

/**
 * Counts one attempt against every limit at once, in sliding windows: allowed while each key has
 * fewer than `limit` hits in the last `windowSeconds` before `now`. An attempt is recorded on
 * every key or on none, so a refused attempt uses up nothing. The hits live in PostgreSQL, so all
 * app processes share them; per-key advisory locks (taken in key order, so two callers cannot
 * deadlock) make count-then-insert atomic.
 */
export async function hitRateLimits(db: Db, limits: RateLimit[], now = new Date()): Promise<RateLimitAnswer> {
  // Raw SQL takes instants as ISO text: postgres.js cannot bind a Date inside drizzle's sql``.
  const at = now.toISOString();
  const sorted = [...limits].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return db.transaction(async (tx) => {
    let retryAt: Date | null = null;
    for (const l of sorted) {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${l.key}, 0))`);
      // The limit-th newest live hit: while there is one, the key is full until it expires.
      const [full] = await tx.execute<{ expiresAt: string }>(sql`
        select expires_at as "expiresAt" from rate_limit_hits
        where key = ${l.key} and expires_at > ${at}::timestamptz
        order by expires_at desc offset ${l.limit - 1} limit 1`);
      if (full) {
        const until = new Date(full.expiresAt);
        if (!retryAt || until > retryAt) retryAt = until;
      }
    }
    if (retryAt) return { allowed: false, retryAt };
    for (const l of sorted) {
      const expiresAt = new Date(now.getTime() + l.windowSeconds * 1000).toISOString();
      await tx.execute(sql`insert into rate_limit_hits (key, expires_at) values (${l.key}, ${expiresAt}::timestamptz)`);
    }
    // Sweep a few expired hits of any key; skip rows another process is sweeping.
    await tx.execute(sql`
      delete from rate_limit_hits where ctid in (
        select ctid from rate_limit_hits where expires_at <= ${at}::timestamptz limit 100 for update skip locked)`);
    return { allowed: true };
  });
}

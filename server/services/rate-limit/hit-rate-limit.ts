import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

/**
 * Counts one hit against `key` in a fixed window and says whether it is still within `limit`.
 * The counter lives in PostgreSQL, so every app process shares it; one upsert, no race.
 */
export async function hitRateLimit(db: Db, key: string, limit: number, windowSeconds: number, now = new Date()) {
  const windowStart = new Date(Math.floor(now.getTime() / (windowSeconds * 1000)) * windowSeconds * 1000);
  // Raw SQL takes the instant as ISO text: postgres.js cannot bind a Date inside drizzle's sql``.
  const rows = await db.execute<{ count: number }>(sql`
    insert into rate_limits (key, window_start, count) values (${key}, ${windowStart.toISOString()}::timestamptz, 1)
    on conflict (key, window_start) do update set count = rate_limits.count + 1
    returning count`);
  const count = Number(rows[0].count);
  return { allowed: count <= limit, count, retryAt: new Date(windowStart.getTime() + windowSeconds * 1000) };
}

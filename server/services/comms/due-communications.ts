import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { MAX_RETRIES } from "./delivery-status";

/**
 * What the 15-minute function sends: failed messages whose retry is due, and pending ones that
 * nobody sent within a minute (their event was lost, a lease expired, or code queued them without
 * an event). Oldest first.
 */
export async function dueCommunications(db: Db, now: Date, limit = 500): Promise<string[]> {
  const iso = now.toISOString();
  const rows = await db.execute<{ id: string }>(sql`
    select id from booking_communications
    where (status = 'failed' and retry_count < ${MAX_RETRIES} and next_retry_at <= ${iso}::timestamptz)
       or (status = 'pending' and created_at < ${iso}::timestamptz - interval '1 minute' and (next_retry_at is null or next_retry_at <= ${iso}::timestamptz))
    order by created_at limit ${limit}`);
  return rows.map((r) => r.id);
}

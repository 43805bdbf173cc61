import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { MAX_REFUND_ATTEMPTS } from "./pay-out-refund";

/** Refunds the hourly job should (re)try now: the same conditions payOutRefund claims on. */
export async function dueRefunds(db: Db, now: Date, limit = 500): Promise<string[]> {
  const rows = await db.execute<{ id: string }>(sql`
    select id from refunds
    where (status = 'pending' and coalesce(next_retry_at, created_at) <= ${now.toISOString()})
       or (status = 'failed' and retry_count < ${MAX_REFUND_ATTEMPTS} and coalesce(next_retry_at, ${now.toISOString()}) <= ${now.toISOString()})
       or (status = 'processing' and next_retry_at <= ${now.toISOString()})
    order by coalesce(due_by, created_at), created_at limit ${limit}`);
  return [...rows].map((r) => r.id);
}

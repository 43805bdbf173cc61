import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

/** The event outbox's health: how much is waiting and for how long (shown on /ops/jobs). */
export async function eventOutboxHealth(db: Db) {
  const [r] = await db.execute<{ pending: number; sent: number; oldest: number | null }>(sql`select
    (select count(*)::int from outbox where sent_at is null) as pending,
    (select count(*)::int from outbox where sent_at is not null) as sent,
    (select extract(epoch from now() - min(created_at))::int from outbox where sent_at is null) as oldest`);
  return {
    pending: Number(r.pending),
    sent: Number(r.sent),
    oldestPendingSeconds: r.oldest == null ? null : Number(r.oldest),
  };
}

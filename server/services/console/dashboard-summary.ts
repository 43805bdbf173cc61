import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

/**
 * The dashboard's first figures (the ops issue builds the full metrics and rollups): counts by
 * status and the queues that need a human. Each is one indexed query.
 */
export async function dashboardSummary(db: Db) {
  const [byStatus, queues] = await Promise.all([
    db.execute<{ status: string; n: number }>(sql`select status, count(*)::int as n from bookings group by status order by status`),
    db.execute<Record<string, number>>(sql`select
      (select count(*)::int from bookings where has_issue and not issue_resolved) as open_issues,
      (select count(*)::int from bookings where sync_status = 'error') as sync_errors,
      (select count(*)::int from refunds where status = 'failed') as failed_refunds,
      (select count(*)::int from refunds where status in ('pending', 'processing')) as pending_refunds,
      (select count(*)::int from disputes where status in ('needs_response', 'warning_needs_response', 'under_review', 'warning_under_review')) as active_disputes,
      (select count(*)::int from manual_follow_ups where not resolved) as open_follow_ups,
      (select count(*)::int from alerts where status = 'open') as open_alerts,
      (select count(*)::int from cancellation_requests where status in ('pending', 'calculating', 'awaiting_confirmation', 'processing', 'partial')) as open_cancellations`),
  ]);
  return { byStatus: [...byStatus].map((r) => ({ status: r.status, n: Number(r.n) })), queues: queues[0] };
}

/** The event outbox's health: how much is waiting and for how long (shown on /ops/jobs). */
export async function eventOutboxHealth(db: Db) {
  const [r] = await db.execute<{ pending: number; sent: number; oldest: number | null }>(sql`select
    (select count(*)::int from outbox where sent_at is null) as pending,
    (select count(*)::int from outbox where sent_at is not null) as sent,
    (select extract(epoch from now() - min(created_at))::int from outbox where sent_at is null) as oldest`);
  return { pending: Number(r.pending), sent: Number(r.sent), oldestPendingSeconds: r.oldest == null ? null : Number(r.oldest) };
}

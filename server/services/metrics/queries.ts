import { type SQL, sql } from "drizzle-orm";
import { sqlList } from "@/db/raw-sql";
import { PROVIDER_HEALTH_WINDOW_MINUTES } from "@/server/domain/provider-health";
import {
  awaitingEvidenceStatuses,
  openCancellationStatuses,
  openDisputeStatuses,
  pendingRefundStatuses,
  unpaidRefundStatuses,
} from "@/server/domain/statuses";
import { shownAlert } from "@/server/services/escalation/raise-alert";
import { periodStarts } from "./periods";

// The dashboard's SQL, as values: the service runs them, and bench/dashboard.ts runs the very same
// statements directly as its reference. Each reads either a rollup (README.md) or a partial index.

export const CRITICAL_LIMIT = 10;
/** A refund is "near its legal deadline" this long before `due_by` (and after it, until paid). */
export const REFUND_DEADLINE_WARNING_HOURS = 48;
export const DISPUTE_WINDOW_DAYS = 3;

/** Rollup rows and their not-yet-compacted deltas: one snapshot, so always exact. */
const dailyRows = (from: SQL) => sql`(
  select day, currency, status, bookings, paid_minor, refunded_minor from booking_rollup where day >= ${from}
  union all
  select day, currency, status, bookings, paid_minor, refunded_minor from booking_rollup_delta where day >= ${from})`;
const totalRows = sql`(
  select currency, status, bookings, paid_minor, refunded_minor, disputed, open_issues from booking_rollup_total
  union all
  select currency, status, bookings, paid_minor, refunded_minor, disputed, open_issues from booking_rollup_delta)`;

export function metricsQueries(now: Date) {
  const p = periodStarts(now);
  const nowIso = now.toISOString();
  return {
    /**
     * Per currency and status: all-time figures from the totals (a few dozen rows), the periods'
     * from the daily rows since the earliest period start (a primary-key range of about 30 days).
     */
    bookings: sql`select t.currency, t.status::text as status, t.total, t.paid, t.refunded, t.disputed, t.open_issues,
        coalesce(r.today, 0) as today, coalesce(r.week, 0) as week, coalesce(r.month, 0) as month,
        coalesce(r.paid_month, 0) as paid_month, coalesce(r.refunded_month, 0) as refunded_month
      from (select currency, status, sum(bookings)::bigint as total, sum(paid_minor)::bigint as paid, sum(refunded_minor)::bigint as refunded,
              sum(disputed)::bigint as disputed, sum(open_issues)::bigint as open_issues
            from ${totalRows} x group by currency, status) t
      left join (select currency, status,
              sum(bookings) filter (where day >= ${p.today}::date)::bigint as today,
              sum(bookings) filter (where day >= ${p.week}::date)::bigint as week,
              sum(bookings) filter (where day >= ${p.month}::date)::bigint as month,
              sum(paid_minor) filter (where day >= ${p.month}::date)::bigint as paid_month,
              sum(refunded_minor) filter (where day >= ${p.month}::date)::bigint as refunded_month
            from ${dailyRows(sql`least(${p.week}::date, ${p.month}::date)`)} d group by currency, status) r
        on r.currency = t.currency and r.status = t.status
      where t.total <> 0 or t.paid <> 0 or t.refunded <> 0`,
    /** Bookings created per day over the last 30 days, for the chart. */
    daily: sql`select day::text as day, sum(bookings)::bigint as bookings
      from ${dailyRows(sql`${p.last30}::date`)} r group by day order by day`,
    /** Confirmation and refund durations over the last 30 days, and how many deltas wait for compaction. */
    timings: sql`select
        (select json_object_agg(metric, json_build_object('n', n, 'seconds', seconds)) from (
          select metric, sum(n)::bigint as n, sum(seconds)::bigint as seconds from (
            select metric, n, seconds from timing_rollup where day >= ${p.last30}::date
            union all select metric, n, seconds from timing_rollup_delta where day >= ${p.last30}::date) t
          group by metric) m) as timings,
        (select count(*)::int from booking_rollup_delta) + (select count(*)::int from timing_rollup_delta) as deltas`,
    /** The queues: each count reads a small partial or status index. */
    queues: sql`select
        (select count(*)::int from cancellation_requests where status in ${sqlList(openCancellationStatuses)}) as pending_cancellations,
        (select count(*)::int from refunds where status in ${sqlList(pendingRefundStatuses)}) as pending_refunds,
        (select count(*)::int from disputes where status in ${sqlList(openDisputeStatuses)}) as active_disputes,
        (select count(*)::int from alerts where status <> 'resolved' and severity = 'critical' and ${shownAlert("alerts")}) as critical_alerts`,
    /** Health over the last minutes of calls (server/domain/provider-health.ts), one index range per provider. */
    providers: sql`select p.code, p.name, p.category::text as category, c.calls, c.ok
      from providers p cross join lateral (
        select count(*)::int as calls, count(*) filter (where ok)::int as ok from provider_calls pc
        where pc.provider_code = p.code and pc.created_at > ${nowIso}::timestamptz - make_interval(mins => ${PROVIDER_HEALTH_WINDOW_MINUTES})) c
      order by p.category, p.code`,
  };
}

/** A queue's count is exact up to this, then shown as "more than": a backlog never makes the page slower. */
export const CRITICAL_COUNT_CAP = 1_000;

/** The critical items: what needs a human now, each list the most urgent first, with how many there are. */
export function criticalQueries(now: Date) {
  const n = sql`${now.toISOString()}::timestamptz`;
  // `where` reads one table through its partial index; the list joins the booking for its reference.
  const item = (
    table: SQL,
    where: SQL,
    order: SQL,
    fields: SQL,
    join: SQL = sql`left join bookings b on b.id = booking_id`,
  ) => sql`select
    (select count(*)::int from (select 1 from ${table} where ${where} limit ${CRITICAL_COUNT_CAP + 1}) c) as count,
    coalesce((select json_agg(x) from (select ${fields} from ${table} ${join}
      where ${where} order by ${order} limit ${CRITICAL_LIMIT}) x), '[]') as items`;
  return {
    disputes: item(
      sql`disputes d`,
      sql`not d.evidence_submitted and d.status in ${sqlList(awaitingEvidenceStatuses)} and d.evidence_due_by < ${n} + make_interval(days => ${DISPUTE_WINDOW_DAYS})`,
      sql`d.evidence_due_by`,
      sql`d.id, d.booking_id as "bookingId", b.booking_reference as reference, d.evidence_due_by as "dueAt", d.amount_minor as "amountMinor", d.currency, d.reason`,
    ),
    failedRefunds: item(
      sql`refunds r`,
      sql`r.status = 'failed'`,
      sql`r.created_at desc nulls last`,
      sql`r.id, r.booking_id as "bookingId", b.booking_reference as reference, r.created_at as "at", r.amount_minor as "amountMinor", r.currency, r.failure_reason as reason`,
    ),
    syncErrors: item(
      sql`bookings s`,
      sql`s.sync_status = 'error' and s.travel_start_at > ${n}`,
      sql`s.travel_start_at`,
      sql`s.id, s.id as "bookingId", s.booking_reference as reference, s.travel_start_at as "dueAt", s.sync_error as reason, s.sync_failures as failures`,
      sql``,
    ),
    followUps: item(
      sql`manual_follow_ups f`,
      sql`not f.resolved`,
      sql`f.due_at`,
      sql`f.id, f.booking_id as "bookingId", b.booking_reference as reference, f.due_at as "dueAt", f.title, f.priority::text as severity, f.owner`,
    ),
    alerts: item(
      sql`alerts a`,
      sql`a.status = 'open' and ${shownAlert("a")}`, // a group once, not each alert folded into it
      sql`a.severity desc nulls last, a.created_at desc nulls last`, // the index's own order (alerts_unacknowledged)
      sql`a.id, a.booking_id as "bookingId", b.booking_reference as reference, a.created_at as "at", a.title, a.severity::text as severity, a.source, a.response_due_at as "dueAt", a.group_size as "groupSize"`,
    ),
    refundDeadlines: item(
      sql`refunds r`,
      sql`r.status in ${sqlList(unpaidRefundStatuses)} and r.due_by < ${n} + make_interval(hours => ${REFUND_DEADLINE_WARNING_HOURS})`,
      sql`r.due_by`,
      sql`r.id, r.booking_id as "bookingId", b.booking_reference as reference, r.due_by as "dueAt", r.amount_minor as "amountMinor", r.currency, r.status::text as status`,
    ),
  };
}

import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { sqlList } from "@/db/raw-sql";
import { cancelledItemStatuses } from "@/server/domain/booking-machine";
import { undeliveredCommStatuses } from "@/server/domain/statuses";

export type TimelineEntry = {
  at: Date;
  kind: "status" | "webhook" | "sync" | "alert" | "follow_up" | "message" | "refund" | "cancellation";
  title: string;
  detail: string | null;
  /** Who or what caused it: an actor, a provider, the system. */
  by: string | null;
  href: string | null;
  tone: "normal" | "warning" | "error";
};

/**
 * Everything that happened to one booking, newest first, from every table that records it: status
 * changes (who, why), provider webhooks (what they did, or their error), syncs, alerts, follow-ups,
 * messages, refunds and cancellations. One query, so the page stays one round trip at any size.
 */
export async function bookingTimeline(db: Db, bookingId: string, limit = 300): Promise<TimelineEntry[]> {
  const rows = await db.execute<{
    at: string;
    kind: TimelineEntry["kind"];
    title: string;
    detail: string | null;
    by: string | null;
    href: string | null;
    tone: TimelineEntry["tone"];
  }>(sql`
    select * from (
      select h.created_at as at, 'status' as kind,
             case when h.booking_item_id is null then 'Booking ' else initcap(i.category::text) || ' ' end
               || coalesce(replace(h.from_status, '_', ' '), 'new') || ' → ' || replace(h.to_status, '_', ' ') as title,
             h.change_reason as detail,
             -- the actor (docs/architecture.md, "Actors"): kind, who, for whom, which rule
             h.changed_by::text || coalesce(' ' || h.actor_id, '') || coalesce(' for ' || h.on_behalf_of, '')
               || coalesce(' (rule ' || nullif(h.actor_rule_id, h.actor_id) || ')', '') as by, null as href,
             case when h.to_status in ${sqlList([...cancelledItemStatuses, "disputed", "no_show"])} then 'warning' else 'normal' end as tone
      from booking_status_history h left join booking_items i on i.id = h.booking_item_id where h.booking_id = ${bookingId}
      union all
      select w.received_at, 'webhook', w.provider_code || ' sent ' || w.event_type,
             coalesce(w.processing_error, w.match_error, replace(w.action_taken, '_', ' ')), w.provider_code, '/ops/webhooks/' || w.id,
             case when w.processing_error is not null or w.match_error is not null then 'error' else 'normal' end
      from provider_webhooks w where w.booking_id = ${bookingId}
      union all
      select c.created_at, 'sync', c.provider_code || ' ' || c.operation || case when c.ok then ' ok' else ' failed' end,
             c.error, c.provider_code, null, case when c.ok then 'normal' else 'error' end
      from provider_calls c join booking_items i on i.id = c.booking_item_id where i.booking_id = ${bookingId}
      union all
      select a.created_at, 'alert', initcap(a.severity::text) || ' alert: ' || a.title, a.status::text, a.source, '/ops/alerts',
             case when a.status = 'resolved' then 'normal' else 'warning' end
      from alerts a where a.booking_id = ${bookingId}
      union all
      select f.created_at, 'follow_up', 'Follow-up: ' || f.title, case when f.resolved then 'resolved' else 'due ' || to_char(f.due_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC' end,
             f.owner, '/ops/follow-ups', case when f.resolved then 'normal' else 'warning' end
      from manual_follow_ups f where f.booking_id = ${bookingId}
      union all
      select m.created_at, 'message', replace(m.type::text, '_', ' ') || ' (' || m.channel::text || ')', coalesce(m.subject, '') || ' · ' || m.status::text || coalesce(': ' || m.failure_reason, ''),
             m.recipient_email, '/ops/outbox', case when m.status in ${sqlList(undeliveredCommStatuses)} then 'error' else 'normal' end
      from booking_communications m where m.booking_id = ${bookingId}
      union all
      select r.created_at, 'refund', 'Refund ' || r.refund_reference || ' ' || r.status::text, coalesce(r.failure_reason, r.reason), r.requested_by::text, '/ops/refunds',
             case when r.status = 'failed' then 'error' else 'normal' end
      from refunds r where r.booking_id = ${bookingId}
      union all
      select c.created_at, 'cancellation', initcap(c.cancellation_type) || ' cancellation ' || replace(c.status::text, '_', ' '), c.request_reason, c.requested_by::text, null,
             case when c.status in ('partial', 'failed') then 'warning' else 'normal' end
      from cancellation_requests c where c.booking_id = ${bookingId}
    ) t order by at desc limit ${limit}`);
  return rows.map((r) => ({ ...r, at: new Date(r.at) }));
}

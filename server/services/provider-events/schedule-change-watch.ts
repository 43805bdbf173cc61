import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { openFollowUp } from "@/server/services/escalation/open-follow-up";
import { processProviderWebhook } from "./process-webhook";

const HOUR = 3_600_000;

/**
 * Travelers who have not answered a schedule change for 24 hours are told again, once a day
 * (the notice is queued; the comms issue's sender delivers it). Idempotent per item and day.
 */
export async function renotifyUnansweredChanges(db: Db, now: Date): Promise<number> {
  const iso = now.toISOString(),
    day = iso.slice(0, 10);
  const rows = await db.execute<{ id: string }>(sql`
    insert into booking_communications (booking_id, type, channel, recipient_email, recipient_user_id, subject, template_id, template_data, status, dedupe_key)
    select i.booking_id, 'schedule_change_alert', 'email', b.contact_email, b.user_id, 'Reminder: your new schedule for ' || b.booking_reference,
           'schedule_change_reminder', json_build_object('itemId', i.id), 'pending', 'schedule_change_reminder:' || i.id || ':' || ${day}
    from booking_items i join bookings b on b.id = i.booking_id
    where i.status = 'schedule_changed' and i.schedule_change_detected_at < ${iso}::timestamptz - interval '24 hours'
      and i.start_at > ${iso}::timestamptz
      and not exists (select 1 from booking_communications c where c.dedupe_key = 'schedule_change_reminder:' || i.id || ':' || ${day})
    returning id`);
  return rows.length;
}

/** A change still unanswered 48 hours before departure becomes a task for the founder. */
export async function escalateUnansweredChanges(db: Db, now: Date): Promise<number> {
  const iso = now.toISOString();
  const due = await db.execute<{ id: string; booking_id: string; reference: string; start_at: string }>(sql`
    select i.id, i.booking_id, b.booking_reference as reference, i.start_at from booking_items i join bookings b on b.id = i.booking_id
    where i.status = 'schedule_changed' and i.start_at > ${iso}::timestamptz and i.start_at <= ${iso}::timestamptz + interval '48 hours'`);
  let opened = 0;
  for (const i of due) {
    const r = await openFollowUp(db, {
      kind: "schedule_change_unanswered",
      title: `${i.reference}: the traveler has not answered a schedule change and departs within 48 hours`,
      dueAt: new Date(Math.min(new Date(i.start_at).getTime() - 6 * HOUR, now.getTime() + 12 * HOUR)),
      priority: "high",
      bookingId: i.booking_id,
      dedupeKey: `schedule_change_unanswered:${i.id}`,
      details: { itemId: i.id },
    });
    if (r.isNew) opened++;
  }
  return opened;
}

/**
 * An event waiting for an earlier one that never came (a provider skipped a number, or changed
 * the booking at our own request without telling us) is applied after `graceMinutes`: the gap is
 * given up and the event goes through with time ordering as the guard.
 */
export async function releaseWaitingWebhooks(db: Db, now: Date, graceMinutes = 10): Promise<number> {
  const waiting = await db.execute<{ id: string; item: string; seq: number }>(sql`
    select w.id, w.booking_item_id as item, (w.payload->>'sequence')::int as seq from provider_webhooks w
    where not w.processed and w.action_taken = 'waiting' and w.booking_item_id is not null
      and w.received_at < ${now.toISOString()}::timestamptz - make_interval(mins => ${graceMinutes})
    order by (w.payload->>'sequence')::int`);
  let released = 0;
  for (const w of waiting) {
    await db.execute(
      sql`update booking_items set provider_sequence = greatest(provider_sequence, ${w.seq - 1}) where id = ${w.item}`,
    );
    if ((await processProviderWebhook(db, w.id)).status === "processed") released++;
  }
  return released;
}

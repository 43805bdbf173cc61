// The records a demo booking's story leaves beside its status: alerts, follow-ups, messages,
// provider webhooks. One factory per booking, closing over what every record names.
import type { Batch, Row } from "./load";
import { demoFixtures } from "./fixtures";
import { HOUR, MIN, type SeedItem } from "./items";
import type { Rng } from "./random";

export const stripeId = (r: Rng, prefix: string) =>
  `${prefix}_${r.letters(24, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")}`;
export const at = (ms: number) => new Date(ms);
export const atOrNull = (ms: number | null | undefined) => (ms == null ? null : new Date(ms));
export function businessDaysAfter(ms: number, n: number): string {
  const d = new Date(ms);
  while (n > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (d.getUTCDay() % 6 !== 0) n--;
  }
  return d.toISOString().slice(0, 10);
}

export type Extra = Record<
  "alerts" | "followUps" | "comms" | "webhooks" | "refunds" | "requests" | "mods" | "payments" | "disputes",
  Row[]
>;

export function sideRecords({
  r,
  now,
  bookingId,
  email,
  userId,
  extra,
}: {
  r: Rng;
  now: number;
  bookingId: string;
  email: string;
  userId: string | null;
  extra: Extra;
}) {
  const alert = (
    severity: string,
    source: string,
    title: string,
    when: number,
    details: Record<string, unknown>,
    resolved: boolean,
  ) => {
    const id = r.uuid();
    extra.alerts.push({
      id,
      severity,
      source,
      title,
      details,
      booking_id: bookingId,
      dedupe_key: `${source}:${bookingId}`,
      occurrences: 1,
      status: resolved ? "resolved" : "open",
      acknowledged_at: resolved ? at(when + HOUR) : null,
      acknowledged_by: resolved ? demoFixtures.admin.email : null,
      resolved_at: resolved ? at(when + 3 * HOUR) : null,
      resolved_by: resolved ? demoFixtures.admin.email : null,
      last_seen_at: at(when),
      created_at: at(when),
    });
    return id;
  };
  const followUp = (
    kind: string,
    title: string,
    priority: string,
    due: number,
    when: number,
    alertId: string | null,
    resolved: boolean,
    details: Record<string, unknown> = {},
  ) =>
    extra.followUps.push({
      id: r.uuid(),
      kind,
      title,
      details,
      booking_id: bookingId,
      alert_id: alertId,
      priority,
      owner: demoFixtures.admin.email,
      due_at: at(due),
      dedupe_key: `${kind}:${bookingId}`,
      resolved,
      resolved_at: resolved ? at(when + 4 * HOUR) : null,
      resolved_by: resolved ? demoFixtures.admin.email : null,
      resolution: resolved ? "Handled" : null,
      created_at: at(when),
    });
  const comm = (type: string, subject: string, when: number, dedupe: string) => {
    if (when > now) return; // not sent yet
    const bounced = r.chance(0.01);
    extra.comms.push({
      id: r.uuid(),
      booking_id: bookingId,
      type,
      channel: "email",
      recipient_email: email,
      recipient_user_id: userId,
      subject,
      template_id: type,
      status: bounced
        ? "bounced"
        : r.weighted([
            ["delivered", 70],
            ["opened", 25],
            ["sent", 5],
          ] as const),
      provider: "local",
      provider_message_id: stripeId(r, "msg"),
      dedupe_key: `${dedupe}:${bookingId}`,
      sent_at: at(when),
      delivered_at: bounced ? null : at(when + MIN),
      opened_at: null,
      failed_at: bounced ? at(when + MIN) : null,
      failure_reason: bounced ? "Mailbox does not exist (hard bounce)" : null,
      retry_count: 0,
      created_at: at(when),
    });
  };
  const webhook = (it: SeedItem, eventType: string, when: number, payload: Record<string, unknown>, action: string) =>
    extra.webhooks.push({
      id: r.uuid(),
      provider_code: it.provider.code,
      webhook_id: `evt_${it.providerBookingId}_${eventType}`,
      event_type: eventType,
      occurred_at: at(when - MIN),
      payload: { type: eventType, provider_booking_id: it.providerBookingId, ...payload },
      booking_id: bookingId,
      booking_item_id: it.id,
      matched: true,
      match_attempted_at: at(when),
      match_error: null,
      processed: true,
      processed_at: at(when + 2000),
      processing_error: null,
      attempts: 1,
      action_taken: action,
      received_at: at(when),
    });

  return { alert, followUp, comm, webhook };
}

/** A webhook for a booking this platform does not know: it must stay visible with its error. */
export function unmatchedWebhook(r: Rng, i: number, now: number, out: Batch): void {
  const when = now - r.int(1, 200) * HOUR;
  const providerBookingId = `SR-UNKNOWN-${i}`;
  out.provider_webhooks.push({
    id: r.uuid(),
    provider_code: "stayrooms",
    webhook_id: `evt_unknown_${i}`,
    event_type: "booking.modified",
    occurred_at: at(when - MIN),
    payload: { type: "booking.modified", provider_booking_id: providerBookingId, note: "Room changed" },
    booking_id: null,
    booking_item_id: null,
    matched: false,
    match_attempted_at: at(when),
    match_error: `No booking item with provider booking id ${providerBookingId}`,
    processed: false,
    processed_at: null,
    processing_error: null,
    attempts: 1,
    action_taken: null,
    received_at: at(when),
  });
}

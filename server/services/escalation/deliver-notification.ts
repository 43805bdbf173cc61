import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alerts, bookings, escalationNotifications } from "@/db/schema";
import { env } from "@/server/env";
import type { EmailChannel } from "@/server/notify/email";
import { NotifyError } from "@/server/notify/errors";
import { emailChannel, notifyChannels } from "@/server/notify";
import { type SlackChannel, slackChannel } from "@/server/notify/slack";
import type { SmsChannel } from "@/server/notify/sms";

export type EscalationPorts = {
  slack: SlackChannel;
  email: EmailChannel;
  sms: SmsChannel;
  alertEmail: string;
  alertPhone: string;
  appUrl: string;
};

/** The configured channels: Slack webhook / Resend / Twilio where set, local ones otherwise. */
export function escalationPorts(db: Db): EscalationPorts {
  return {
    slack: slackChannel(db, env.SLACK_WEBHOOK_URL),
    email: emailChannel(db),
    sms: notifyChannels(db).sms,
    alertEmail: env.ALERT_EMAIL,
    alertPhone: env.ALERT_PHONE,
    appUrl: env.APP_URL,
  };
}

/**
 * Sends one escalation notification and records the outcome in its own small transaction (no
 * outside call inside one). Sent or skipped: nothing to do (a retried step sends once). A
 * transient failure is recorded (still pending) and thrown, so the step retries with backoff; a
 * permanent one is recorded as failed and shown in the inbox (retrying would not help).
 */
export async function deliverNotification(
  db: Db,
  notificationId: string,
  ports: EscalationPorts = escalationPorts(db),
) {
  const [n] = await db
    .select({
      id: escalationNotifications.id,
      channel: escalationNotifications.channel,
      status: escalationNotifications.status,
      severity: alerts.severity,
      title: alerts.title,
      groupSize: alerts.groupSize,
      dueAt: alerts.responseDueAt,
      reference: bookings.bookingReference,
      bookingId: alerts.bookingId,
    })
    .from(escalationNotifications)
    .innerJoin(alerts, eq(alerts.id, escalationNotifications.alertId))
    .leftJoin(bookings, eq(bookings.id, alerts.bookingId))
    .where(eq(escalationNotifications.id, notificationId));
  if (!n) return { status: "missing" as const };
  if (n.status === "sent" || n.status === "skipped") return { status: n.status };

  const sev = n.severity.toUpperCase();
  // One message per group (escalate.ts), saying how many alerts it covers when it is sent.
  n.title = n.groupSize > 1 ? `${n.title} (+${n.groupSize - 1} more alerts of this kind)` : n.title;
  const due = n.dueAt ? `${n.dueAt.toISOString().slice(0, 16).replace("T", " ")} UTC` : "—";
  const link = n.bookingId ? `${ports.appUrl}/ops/bookings/${n.bookingId}` : `${ports.appUrl}/ops/alerts`;
  try {
    const sent =
      n.channel === "slack"
        ? await ports.slack.send({
            text: `${sev}: ${n.title}`,
            blocks: [
              {
                type: "section",
                text: {
                  type: "mrkdwn",
                  text: `*${sev}*: ${n.title}\nRespond by ${due}${n.reference ? ` · booking ${n.reference}` : ""}`,
                },
              },
              {
                type: "actions",
                elements: [{ type: "button", text: { type: "plain_text", text: "Open" }, url: link }],
              },
            ],
          })
        : n.channel === "email"
          ? await ports.email.send({
              to: ports.alertEmail,
              subject: `[${sev}] ${n.title}`,
              text: `${n.title}\n\nSeverity: ${n.severity}\nRespond by: ${due}\n\n${link}`,
              tag: "escalation",
            })
          : await ports.sms.send({
              to: ports.alertPhone,
              body: `ALERT [${n.severity}]: ${n.title}. Respond by ${due}.`,
              idempotencyKey: `escalation:${n.id}`,
            });
    await db
      .update(escalationNotifications)
      .set({
        status: "sent",
        sentAt: new Date(),
        providerMessageId: sent.messageId,
        error: null,
        attempts: sql`${escalationNotifications.attempts} + 1`,
      })
      .where(eq(escalationNotifications.id, n.id));
    return { status: "sent" as const };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const permanent = e instanceof NotifyError && e.kind !== "transient";
    // Transient: still pending (the step retries; the sweep picks up what the run gave up on).
    await db
      .update(escalationNotifications)
      .set({
        status: permanent ? "failed" : "pending",
        error: message,
        attempts: sql`${escalationNotifications.attempts} + 1`,
      })
      .where(eq(escalationNotifications.id, n.id));
    if (permanent) return { status: "failed" as const, error: message };
    throw e;
  }
}

/** Notifications whose run gave up on a transient failure (or never ran): the sweep sends them again. */
export async function retryStalledNotifications(
  db: Db,
  { olderThanMinutes = 10, maxAttempts = 12, limit = 50 } = {},
  ports?: EscalationPorts,
) {
  const rows = await db.execute<{ id: string }>(sql`select id from escalation_notifications
    where status = 'pending' and attempts < ${maxAttempts} and created_at < now() - make_interval(mins => ${olderThanMinutes})
    order by created_at limit ${limit}`);
  const outcome = { sent: 0, failed: 0, stillFailing: 0 };
  for (const r of rows) {
    try {
      const d = await deliverNotification(db, r.id, ports);
      if (d.status === "sent") outcome.sent++;
      else if (d.status === "failed") outcome.failed++;
    } catch {
      outcome.stillFailing++;
    }
  }
  return outcome;
}

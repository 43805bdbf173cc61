import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { alerts, escalationNotifications, manualFollowUps } from "@/db/schema";
import { queueCommunication } from "@/server/services/comms/queue-communication";
import { openFollowUp } from "./open-follow-up";
import { raiseAlert, shownAlertId } from "./raise-alert";
import { type EscalationRule, escalationRules } from "./rules";

export type EscalateInput = {
  ruleId: EscalationRule["id"];
  /** What it is about (a dispute id, a provider + window): one alert per rule and subject while unresolved. */
  subjectKey: string;
  title: string;
  details?: Record<string, unknown>;
  bookingId?: string | null;
  /** An alert a capability already raised (repeated sync failures): escalate that one, raise no other. */
  alertId?: string;
  now?: Date;
};

export type Escalation = { alertId: string; followUpId: string; notifications: { id: string; channel: string }[] };

/**
 * The spec's handleEscalation, minus the outside calls: in one transaction, the alert (with its
 * response time), a follow-up due by then, one notification intent per channel of the rule and,
 * for a booking, the customer auto-response queued as a pending message. The channels are then
 * called one by one, each in its own step (deliver-notification.ts). Returns the notifications
 * still to send, so a repeated call (a retried step) resumes rather than notifies twice.
 */
export async function escalate(db: Db | Tx, input: EscalateInput): Promise<Escalation> {
  const rule: EscalationRule = escalationRules[input.ruleId];
  const now = input.now ?? new Date();
  const dueAt = new Date(now.getTime() + rule.responseMs);
  const dedupeKey = `${rule.id}:${input.subjectKey}`;
  return db.transaction(async (tx) => {
    let alertId = input.alertId;
    if (!alertId) {
      // An open alert someone already raised for this subject is escalated as is (no extra occurrence).
      const [open] = await tx
        .select({ id: alerts.id })
        .from(alerts)
        .where(and(eq(alerts.dedupeKey, dedupeKey), ne(alerts.status, "resolved")));
      alertId =
        open?.id ??
        (
          await raiseAlert(tx, {
            severity: rule.severity,
            source: rule.id,
            title: input.title,
            details: input.details,
            bookingId: input.bookingId ?? null,
            dedupeKey,
          })
        ).id;
    }
    // An alert folded into a group is escalated as its group: one response time, follow-up and
    // set of channel messages per group, however many alerts it covers.
    const ownId = alertId;
    alertId = await shownAlertId(tx, alertId);
    const [groupFollowUp] =
      alertId === ownId
        ? []
        : await tx
            .select({ id: manualFollowUps.id })
            .from(manualFollowUps)
            .where(and(eq(manualFollowUps.alertId, alertId), eq(manualFollowUps.resolved, false)))
            .limit(1);
    const [alert] = await tx
      .update(alerts)
      .set({ responseDueAt: sql`coalesce(${alerts.responseDueAt}, ${dueAt.toISOString()}::timestamptz)` })
      .where(eq(alerts.id, alertId))
      .returning({ id: alerts.id, bookingId: alerts.bookingId, status: alerts.status });
    const bookingId = input.bookingId ?? alert.bookingId;
    const followUp =
      groupFollowUp ??
      (await openFollowUp(tx, {
        kind: "escalation",
        title: input.title,
        dueAt,
        priority: rule.severity,
        bookingId,
        alertId,
        dedupeKey,
        details: { ruleId: rule.id, ...input.details },
      }));
    const created = await tx
      .insert(escalationNotifications)
      .values(rule.channels.map((channel) => ({ alertId, ruleId: rule.id, channel })))
      .onConflictDoNothing()
      .returning({ id: escalationNotifications.id, channel: escalationNotifications.channel });
    if (rule.autoResponse && bookingId) await queueAutoResponse(tx, bookingId, rule, dedupeKey);
    // A later alert of a group sends nothing its group already sent or is sending.
    if (alertId !== ownId) return { alertId, followUpId: followUp.id, notifications: created };
    const notifications = await tx
      .select({ id: escalationNotifications.id, channel: escalationNotifications.channel })
      .from(escalationNotifications)
      .where(
        and(
          eq(escalationNotifications.alertId, alertId),
          inArray(escalationNotifications.status, ["pending", "failed"]),
        ),
      )
      .orderBy(escalationNotifications.channel);
    return { alertId, followUpId: followUp.id, notifications };
  });
}

/** The rule's message to the traveler, queued once per escalation through the comms service (it sends it). */
async function queueAutoResponse(tx: Tx, bookingId: string, rule: EscalationRule, dedupeKey: string) {
  await queueCommunication(tx, {
    bookingId,
    type: "support_update",
    dedupeKey: `support_update:${dedupeKey}:${bookingId}`,
    templateData: { message: rule.autoResponse, ruleId: rule.id },
  });
}

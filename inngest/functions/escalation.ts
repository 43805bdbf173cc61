import { getDb } from "@/db/client";
import { events } from "@/server/events/catalogue";
import { deliverNotification } from "@/server/services/escalation/deliver-notification";
import { escalateEvent } from "@/server/services/escalation/escalate-event";
import { inngest } from "../client";

/**
 * The spec's escalation rules, driven by outbox events: one step writes the alert, follow-up,
 * notification intents and auto-response (one transaction); each channel is then its own step, so
 * a failing SMS gateway retries alone and never re-posts to Slack. Event ids are outbox row ids, so a
 * redelivered event is dropped; a repeated escalation of the same subject finds its open alert. Names come from the services that record them:
 * dispute/created, refund/failed and rollback/failed (money flows), alert/raised (sync failures),
 * item/status_changed to provider_cancelled (lifecycle; mass-cancellation check).
 */
export const escalation = inngest.createFunction(
  {
    id: "escalation",
    name: "Escalate to a human",
    retries: 5,
    triggers: [
      events.disputeCreated,
      events.refundFailed,
      events.rollbackFailed,
      { event: events.alertRaised, if: "event.data.source == 'sync_failed'" },
      { event: events.itemStatusChanged, if: "event.data.to == 'provider_cancelled'" },
    ],
  },
  async ({ event, step }) => {
    const now = await step.run("now", () => new Date().toISOString());
    const e = await step.run("escalate", () =>
      escalateEvent(getDb(), event.name, event.data as Record<string, unknown>, event.id ?? "", new Date(now)),
    );
    if (!e) return { escalated: false };
    const sent: Record<string, string> = {};
    for (const n of e.notifications) {
      const r = await step.run(`notify ${n.channel}`, () => deliverNotification(getDb(), n.id));
      sent[n.channel] = r.status;
    }
    return { escalated: true, alertId: e.alertId, followUpId: e.followUpId, sent };
  },
);

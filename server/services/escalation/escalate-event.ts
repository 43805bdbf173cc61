import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alerts } from "@/db/schema";
import { formatMoney } from "@/server/domain/money";
import { checkMassCancellation } from "./check-mass-cancellation";
import { escalate, type Escalation } from "./escalate";

type Data = Record<string, unknown>;
const str = (v: unknown) => (typeof v === "string" && v.length > 0 ? v : null);

/**
 * Which rule an outbox event triggers, and with what subject: the events the money flows, the
 * lifecycle and the other capabilities record (inngest/functions/escalation.ts subscribes to them).
 * Returns null when the event is not an escalation (a cancellation below the threshold).
 */
export async function escalateEvent(
  db: Db,
  name: string,
  data: Data,
  eventId: string,
  now = new Date(),
): Promise<Escalation | null> {
  switch (name) {
    case "dispute/created": {
      const disputeId = str(data.disputeId);
      const [d] = disputeId
        ? await db.execute<{
            booking_id: string;
            reference: string;
            amount_minor: string;
            currency: string;
            reason: string | null;
            due: string | null;
          }>(sql`
        select d.booking_id, b.booking_reference as reference, d.amount_minor, d.currency, d.reason, d.evidence_due_by::text as due
        from disputes d join bookings b on b.id = d.booking_id where d.id = ${disputeId}`)
        : [];
      const title = d
        ? `Dispute on ${d.reference}: ${formatMoney(Number(d.amount_minor), d.currency)}${d.reason ? ` (${d.reason})` : ""}${d.due ? `, evidence due ${d.due.slice(0, 16)} UTC` : ""}`
        : `Dispute opened${str(data.bookingId) ? ` on booking ${str(data.bookingId)}` : ""}`;
      return escalate(db, {
        ruleId: "dispute_created",
        subjectKey: disputeId ?? eventId,
        title,
        bookingId: d?.booking_id ?? str(data.bookingId),
        details: data,
        now,
      });
    }
    case "refund/failed": {
      const refundId = str(data.refundId);
      const [r] = refundId
        ? await db.execute<{
            booking_id: string;
            reference: string;
            amount_minor: string;
            currency: string;
            reason: string | null;
          }>(sql`
        select r.booking_id, b.booking_reference as reference, r.amount_minor, r.currency, r.failure_reason as reason
        from refunds r join bookings b on b.id = r.booking_id where r.id = ${refundId}`)
        : [];
      const title = r
        ? `Refund of ${formatMoney(Number(r.amount_minor), r.currency)} failed on ${r.reference}${r.reason ? `: ${r.reason}` : ""}`
        : "A refund failed";
      return escalate(db, {
        ruleId: "refund_failed",
        subjectKey: refundId ?? eventId,
        title,
        bookingId: r?.booking_id ?? str(data.bookingId),
        details: data,
        now,
      });
    }
    case "rollback/failed": {
      // A compensation step that failed (docs/architecture.md, "Rollback failed"): whatever it
      // names, one alert per failed rollback.
      const subject = str(data.rollbackId) ?? str(data.cancellationRequestId) ?? str(data.itemId) ?? eventId;
      const what = str(data.step) ?? str(data.action) ?? "a compensation step";
      return escalate(db, {
        ruleId: "booking_rollback_failed",
        subjectKey: subject,
        bookingId: str(data.bookingId),
        details: data,
        now,
        title: `Rollback failed: ${what}${str(data.error) ? ` (${str(data.error)})` : ""}`,
      });
    }
    case "alert/raised": {
      // Repeated sync failures are detected by the sync itself, which raises the alert.
      if (data.source !== "sync_failed" || !str(data.alertId)) return null;
      const [a] = await db
        .select({ id: alerts.id, title: alerts.title, bookingId: alerts.bookingId })
        .from(alerts)
        .where(eq(alerts.id, str(data.alertId)!));
      if (!a) return null;
      return escalate(db, {
        ruleId: "provider_sync_failed",
        subjectKey: a.id,
        alertId: a.id,
        title: a.title,
        bookingId: a.bookingId,
        now,
      });
    }
    case "item/status_changed": {
      if (data.to !== "provider_cancelled" || !str(data.itemId)) return null;
      const r = await checkMassCancellation(db, { itemId: str(data.itemId)!, now });
      return r?.fired ? { alertId: r.alertId, followUpId: r.followUpId, notifications: r.notifications } : null;
    }
    default:
      return null;
  }
}

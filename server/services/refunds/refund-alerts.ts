// What a refund raises when it goes quiet or wrong, and how it is settled: one set of keys, so the
// deadline sweep, the reconciliation, the webhook and a later success all name the same alert.
import type { Db, Tx } from "@/db/client";
import type { refunds } from "@/db/schema";
import { formatMoney } from "@/server/domain/money";
import { openFollowUp } from "@/server/services/escalation/open-follow-up";
import { raiseAlert } from "@/server/services/escalation/raise-alert";
import { settleEscalation } from "@/server/services/escalation/settle-escalation";

/** Alert and follow-up keys per refund. `failed` is pay-out-refund.ts's (retries exhausted). */
export const refundAlertKey = {
  failed: (id: string) => `refund_failed:${id}`,
  returned: (id: string) => `refund_returned:${id}`,
  deadlineNear: (id: string) => `refund_deadline_near:${id}`,
  deadlineMissed: (id: string) => `refund_deadline_missed:${id}`,
};

type RefundRow = Pick<
  typeof refunds.$inferSelect,
  "id" | "bookingId" | "refundReference" | "amountMinor" | "currency" | "status" | "dueBy"
>;

const utc = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
const what = (r: RefundRow) => `Refund ${r.refundReference} (${formatMoney(r.amountMinor, r.currency)})`;
const details = (r: RefundRow, extra: Record<string, unknown> = {}) => ({
  refundId: r.id,
  status: r.status,
  dueBy: r.dueBy?.toISOString() ?? null,
  ...extra,
});

/** Medium: the legal due date is near and the refund is not paid. The caller checks it was never raised. */
export async function raiseDeadlineNear(tx: Db | Tx, r: RefundRow & { dueBy: Date }) {
  return raiseAlert(tx, {
    severity: "medium",
    source: "refund_deadline",
    title: `${what(r)} is legally due by ${utc(r.dueBy)} and is still ${r.status}`,
    details: details(r),
    bookingId: r.bookingId,
    dedupeKey: refundAlertKey.deadlineNear(r.id),
  });
}

/**
 * Critical, with a follow-up due now: the legal due date has passed unpaid (or the gateway still
 * holds it pending past it: `gatewayStatus`). The caller checks it was never raised.
 */
export async function raiseDeadlineMissed(
  tx: Db | Tx,
  r: RefundRow & { dueBy: Date },
  now: Date,
  gatewayStatus?: string,
) {
  const where = gatewayStatus ? `still ${gatewayStatus} at the gateway` : `still ${r.status}`;
  const alert = await raiseAlert(tx, {
    severity: "critical",
    source: "refund_deadline_missed",
    title: `${what(r)} missed its legal due date ${utc(r.dueBy)}: ${where}`,
    details: details(r, gatewayStatus ? { gatewayStatus } : {}),
    bookingId: r.bookingId,
    dedupeKey: refundAlertKey.deadlineMissed(r.id),
  });
  await openFollowUp(tx, {
    kind: "refund_overdue",
    title: `${what(r)} is past its legal due date: pay it now (retry, or refund another way) and tell the traveler`,
    dueAt: now,
    priority: "critical",
    bookingId: r.bookingId,
    alertId: alert.id,
    details: details(r),
    dedupeKey: refundAlertKey.deadlineMissed(r.id),
  });
  return alert;
}

/** The refund went through (or stopped being owed): every alert and follow-up it raised is settled, with the note. */
export async function settleRefundEscalations(tx: Db | Tx, refundId: string, note: string) {
  for (const key of Object.values(refundAlertKey)) await settleEscalation(tx, key(refundId), note);
}

import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { refunds } from "@/db/schema";
import { formatMoney } from "@/server/domain/money";
import { queueCommunication } from "@/server/services/comms/queue-communication";
import { openFollowUp } from "@/server/services/escalation/open-follow-up";
import { raiseAlert } from "@/server/services/escalation/raise-alert";
import { recordEvent } from "@/server/services/events/record-event";
import { refundAlertKey } from "./refund-alerts";

/** A human looks at a returned refund within a working day: the card may be closed and need another way. */
const FOLLOW_UP_MS = 24 * 3_600_000;

/**
 * A refund we had recorded as succeeded was reported failed (the card network returned it). The
 * retry is already scheduled (recordGatewayAnswer reopened it as failed, with its backoff); this
 * does what the silent retry did not: a high alert at once, the traveler told that the money came
 * back and when it goes out again, and a follow-up. Runs in the transaction that recorded the
 * failure, after it, so it reads the retry time just set. A later return of the same refund (after
 * a retry succeeded) tells the traveler again: the message's key carries the attempt.
 */
export async function recordRefundReturned(tx: Tx, refundId: string, reason: string) {
  const [r] = await tx.select().from(refunds).where(eq(refunds.id, refundId));
  const amount = formatMoney(r.amountMinor, r.currency);
  const retryAt = r.status === "failed" ? r.nextRetryAt : null;
  await recordEvent(tx, "refund/returned", {
    refundId: r.id,
    bookingId: r.bookingId,
    amountMinor: r.amountMinor,
    currency: r.currency,
    reason,
  });
  const alert = await raiseAlert(tx, {
    severity: "high",
    source: "refund_returned",
    title: `Refund ${r.refundReference} (${amount}) came back after it had succeeded: ${reason}`,
    details: { refundId: r.id, reason, retryAt: retryAt?.toISOString() ?? null },
    bookingId: r.bookingId,
    dedupeKey: refundAlertKey.returned(r.id),
  });
  await queueCommunication(tx, {
    bookingId: r.bookingId,
    type: "refund_returned",
    dedupeKey: `refund_returned:${r.id}:${r.retryCount}`,
    templateData: {
      amountMinor: r.amountMinor,
      currency: r.currency,
      retryOn: retryAt ? retryAt.toISOString().slice(0, 10) : null,
    },
  });
  await openFollowUp(tx, {
    kind: "refund_returned",
    title: `Refund ${r.refundReference} (${amount}) was returned by the card network: check the retry reaches the traveler, or refund another way`,
    dueAt: new Date(Date.now() + FOLLOW_UP_MS),
    priority: "high",
    bookingId: r.bookingId,
    alertId: alert.id,
    details: { refundId: r.id, reason },
    dedupeKey: refundAlertKey.returned(r.id),
  });
}

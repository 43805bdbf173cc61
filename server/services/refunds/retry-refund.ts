import { type Actor } from "@/server/domain/actor";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { refunds } from "@/db/schema";
import { DomainError } from "@/server/domain/errors";
import { retryableRefundStatuses } from "@/server/domain/statuses";
import { recordEvent } from "@/server/services/events/record-event";

/**
 * Support asks for another attempt now: a failed refund (retries exhausted or not) is pending
 * again and gets one more attempt, with a new key (the attempt count is kept, never reset, so no
 * key is ever reused for a different attempt); the payout function takes it at once.
 */
export async function retryRefundNow(db: Db, input: { refundId: string; actor: Actor }) {
  return db.transaction(async (tx) => {
    // A failed refund holds nothing on its payment: there must still be room for it.
    const [room] = await tx.execute<{
      left: number;
      amount: number;
    }>(sql`select p.amount_minor - p.refunded_minor as left, r.amount_minor as amount
      from refunds r join payment_transactions p on p.id = r.payment_transaction_id where r.id = ${input.refundId} and r.status = 'failed' for update of p`);
    if (room && Number(room.amount) > Number(room.left)) {
      throw new DomainError(
        "conflict",
        `Only ${room.left} is left to refund on this payment (a chargeback or another refund returned the rest)`,
        { refundId: input.refundId },
      );
    }
    const [r] = await tx
      .update(refunds)
      .set({ status: "pending", nextRetryAt: null, updatedAt: new Date() })
      .where(and(eq(refunds.id, input.refundId), inArray(refunds.status, [...retryableRefundStatuses])))
      .returning({ id: refunds.id, bookingId: refunds.bookingId });
    if (!r) throw new DomainError("conflict", "Only a pending or failed refund can be retried");
    await recordEvent(tx, "refund/requested", { refundId: r.id, bookingId: r.bookingId, by: input.actor });
    return { id: r.id };
  });
}

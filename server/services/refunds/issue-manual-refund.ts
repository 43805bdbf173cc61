import { type Actor } from "@/server/domain/actor";
import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bookings, paymentTransactions, refunds } from "@/db/schema";
import { DomainError } from "@/server/domain/errors";
import { formatMoney, isCurrency, settlementUnit } from "@/server/domain/money";
import { recordEvent } from "@/server/services/events/record-event";
import { refundDueBy } from "./refund-due-by";

/**
 * Support refunds an amount by hand (goodwill, a partial refund): in the charge's currency, at
 * most what is left of the charge after every refund already promised (pending ones count). The
 * check here gives a clear answer; the database's refunded ≤ paid CHECK guarantees it under
 * concurrency. Paid out by the refund path like any other.
 */
export async function issueManualRefund(
  db: Db,
  input: { bookingId: string; amountMinor: number; currency: string; reason: string; actor: Actor },
) {
  if (!isCurrency(input.currency))
    throw new DomainError("invalid", `Unknown currency ${input.currency}`, { field: "currency" });
  return db.transaction(async (tx) => {
    const [b] = await tx
      .select({ id: bookings.id, reference: bookings.bookingReference, currency: bookings.currency })
      .from(bookings)
      .where(eq(bookings.id, input.bookingId))
      .for("update");
    if (!b) throw new DomainError("not_found", "Booking not found");
    if (input.currency !== b.currency)
      throw new DomainError("invalid", `Refunds go back in the charge's currency, ${b.currency}`, {
        field: "currency",
      });
    const [charge] = await tx
      .select()
      .from(paymentTransactions)
      .where(
        and(
          eq(paymentTransactions.bookingId, b.id),
          eq(paymentTransactions.kind, "charge"),
          eq(paymentTransactions.status, "succeeded"),
        ),
      )
      .limit(1)
      .for("update");
    if (!charge) throw new DomainError("conflict", "This booking has no successful charge to refund");
    const unit = settlementUnit(b.currency);
    if (input.amountMinor % unit !== 0) {
      throw new DomainError("invalid", `${b.currency} refunds are made in steps of ${formatMoney(unit, b.currency)}`, {
        field: "amountMinor",
      });
    }
    const left = charge.amountMinor - charge.refundedMinor;
    if (input.amountMinor > left) {
      throw new DomainError("invalid", `At most ${formatMoney(left, b.currency)} is left to refund on this charge`, {
        field: "amountMinor",
        leftMinor: left,
      });
    }
    const deadline = await refundDueBy(tx, b.id, new Date(), charge.method);
    const tag = randomBytes(3).toString("hex").toUpperCase();
    const [r] = await tx
      .insert(refunds)
      .values({
        bookingId: b.id,
        paymentTransactionId: charge.id,
        refundReference: `RF-${b.reference.slice(3)}-M${tag}`,
        idempotencyKey: `refund:manual:${b.id}:${tag}`,
        amountMinor: input.amountMinor,
        currency: b.currency,
        status: "pending",
        reason: input.reason.slice(0, 255),
        requestedBy: "ops",
        dueBy: deadline?.dueBy ?? null,
        breakdown: {
          baseMinor: input.amountMinor,
          cancellationFeeMinor: 0,
          processingFeeMinor: 0,
          finalRefundMinor: input.amountMinor,
          items: [],
        },
      })
      .returning({ id: refunds.id, reference: refunds.refundReference });
    await recordEvent(tx, "refund/requested", {
      refundId: r.id,
      bookingId: b.id,
      amountMinor: input.amountMinor,
      currency: b.currency,
      by: input.actor,
      manual: true,
    });
    return r;
  });
}

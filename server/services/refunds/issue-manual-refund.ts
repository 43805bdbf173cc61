import { type Actor } from "@/server/domain/actor";
import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bookings, paymentTransactions } from "@/db/schema";
import { DomainError } from "@/server/domain/errors";
import { formatMoney, isCurrency, settlementUnit } from "@/server/domain/money";
import { disputedPayments, oweRefund } from "./owe-refund";

/**
 * Support refunds an amount by hand (goodwill, a partial refund): in the booking's currency, at
 * most what its payments can still return (pending and held refunds and chargebacks count), split
 * over the tenders by oweRefund. A charge under an open dispute is refunded only with an explicit
 * override and its reason (issue 23): the bank may return the same money. The database's CHECK and
 * dispute guard hold both rules under concurrency. Paid out by the refund path like any other.
 */
export async function issueManualRefund(
  db: Db,
  input: {
    bookingId: string;
    amountMinor: number;
    currency: string;
    reason: string;
    actor: Actor;
    override?: { reason: string };
  },
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
    const charges = await tx
      .select({ id: paymentTransactions.id })
      .from(paymentTransactions)
      .where(
        and(
          eq(paymentTransactions.bookingId, b.id),
          eq(paymentTransactions.kind, "charge"),
          eq(paymentTransactions.status, "succeeded"),
        ),
      );
    if (charges.length === 0) throw new DomainError("conflict", "This booking has no successful charge to refund");
    const unit = settlementUnit(b.currency);
    if (input.amountMinor % unit !== 0) {
      throw new DomainError("invalid", `${b.currency} refunds are made in steps of ${formatMoney(unit, b.currency)}`, {
        field: "amountMinor",
      });
    }
    const override = input.override?.reason.trim() ? { reason: input.override.reason.trim().slice(0, 500) } : undefined;
    if (
      !override &&
      (
        await disputedPayments(
          tx,
          charges.map((c) => c.id),
        )
      ).size > 0
    )
      throw new DomainError(
        "conflict",
        "This booking's charge is under an open dispute: the bank may return the money; refund only with an override and its reason",
        { field: "override" },
      );
    const tag = randomBytes(3).toString("hex").toUpperCase();
    const legs = await oweRefund(tx, {
      bookingId: b.id,
      amountMinor: input.amountMinor,
      currency: b.currency,
      key: `refund:manual:${b.id}:${tag}`,
      reference: `RF-${b.reference.slice(3)}-M${tag}`,
      reason: input.reason,
      requestedBy: "ops",
      override,
      breakdown: {
        baseMinor: input.amountMinor,
        cancellationFeeMinor: 0,
        processingFeeMinor: 0,
        finalRefundMinor: input.amountMinor,
        items: [],
      },
      event: { name: "refund/requested", data: { by: input.actor, manual: true } },
    });
    return { id: legs[0].id, reference: `RF-${b.reference.slice(3)}-M${tag}`, legs };
  });
}

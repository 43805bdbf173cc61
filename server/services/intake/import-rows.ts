// The rows one import line becomes: the intake's rows (intake-rows.ts) with the booking and its
// items in their imported statuses, and its money history (refunds already paid, marked imported).
import { createHash, randomUUID } from "node:crypto";
import type { refunds } from "@/db/schema";
import { cancelledItemStatuses } from "@/server/domain/booking-machine";
import type { BookingIntakeV1 } from "@/server/domain/intake/booking-v1";
import { importKey, type ImportLineV1 } from "@/server/domain/intake/import-v1";
import { intakeRows, type IntakeRows } from "./intake-rows";

export type ImportRows = IntakeRows & { refunds: (typeof refunds.$inferInsert)[] };

/** The line as the intake body it extends (its key as the session id), for the intake's own code. */
export const asIntakeBody = (line: ImportLineV1): BookingIntakeV1 => ({ ...line, checkoutSessionId: importKey(line)! });

export function importRows(
  line: ImportLineV1,
  ids: { bookingId: string; itemIds: readonly string[]; reference: string; gateway: string; at: Date },
): ImportRows {
  const key = importKey(line)!;
  const rows = intakeRows(asIntakeBody(line), ids);
  const refundedOf = (i: number) =>
    line.refunds.filter((r) => r.itemIndex === i).reduce((sum, r) => sum + r.amountMinor, 0);
  const cancelled = line.status === "cancelled" || line.status === "refunded";
  const booking = {
    ...rows.booking,
    status: line.status,
    checkoutSessionId: line.checkoutSessionId ?? null,
    source: line.source ?? "import",
    createdAt: line.bookedAt ?? ids.at,
    isCancelled: cancelled,
    cancelledAt: cancelled ? ids.at : undefined,
  };
  const items = rows.items.map((item, i) => {
    const status = line.items[i].status;
    if (!cancelledItemStatuses.includes(status)) return { ...item, status, isCancelled: false };
    const refundMinor = refundedOf(i);
    return {
      ...item,
      status,
      isCancelled: true,
      cancelledAt: ids.at,
      refundMinor,
      cancellationFeeMinor: Math.max(0, item.chargeShareMinor - refundMinor),
    };
  });
  const payments = rows.payments.map((p) => ({ ...p, id: randomUUID() }));

  // Card first, in the tenders' order, up to what each paid (docs/architecture.md, "Money (second
  // wave)"): a refund larger than what is left on one payment is split over the next.
  const left = payments.map((p) => p.amountMinor);
  const refundRows: ImportRows["refunds"] = [];
  line.refunds.forEach((r, k) => {
    let owed = r.amountMinor;
    payments.forEach((p, n) => {
      const part = Math.min(owed, left[n]);
      if (part <= 0) return;
      owed -= part;
      left[n] -= part;
      const idempotencyKey = `import:${key}:refund:${k}:${n}`;
      refundRows.push({
        id: randomUUID(),
        bookingId: ids.bookingId,
        paymentTransactionId: p.id,
        refundReference: `IMP-${createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 20).toUpperCase()}`,
        idempotencyKey,
        amountMinor: part,
        currency: r.currency,
        status: "succeeded",
        reason: "imported",
        requestedBy: "api_client",
        // When it was paid; processed_at stays empty, so the product's own refund time is not
        // skewed by refunds someone else paid out.
        createdAt: r.refundedAt,
      });
    });
  });
  return { booking, items, payments, refunds: refundRows };
}

// What a booking has already returned, per item, and what its payments can still return (issue 23):
// a new quote nets the first and never promises more than the second.
import { and, eq, inArray, ne } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { bookingItems, paymentTransactions, refunds } from "@/db/schema";
import { allocate } from "@/server/domain/money";
import type { RefundStatus } from "@/server/domain/statuses";

/** Refunds that count as returned or promised: the ones the payments' refunded_minor counts. */
const counted: RefundStatus[] = ["pending", "processing", "held", "succeeded"];

export async function returnedSoFar(tx: Tx, bookingId: string) {
  const items = await tx
    .select({ id: bookingItems.id, share: bookingItems.chargeShareMinor })
    .from(bookingItems)
    .where(eq(bookingItems.bookingId, bookingId))
    .orderBy(bookingItems.id);
  const rows = await tx
    .select({ amount: refunds.amountMinor, breakdown: refunds.breakdown })
    .from(refunds)
    .where(and(eq(refunds.bookingId, bookingId), inArray(refunds.status, counted)));
  const byItem = new Map<string, number>(items.map((i) => [i.id, 0]));
  const add = (id: string, n: number) => byItem.set(id, (byItem.get(id) ?? 0) + n);
  let unattributed = 0;
  for (const r of rows) {
    const lines = (r.breakdown?.items ?? []).filter((l) => byItem.has(l.itemId));
    // A refund leg names the items it pays back; its amount is spread over them by their refunds.
    if (lines.length === 0) unattributed += r.amount;
    else
      allocate(
        r.amount,
        lines.map((l) => l.refundMinor),
      ).forEach((n, i) => add(lines[i].itemId, n));
  }
  // A manual refund or a chargeback names no item: every item carries its share of it.
  if (unattributed > 0 && items.length > 0)
    allocate(
      unattributed,
      items.map((i) => i.share),
    ).forEach((n, i) => add(items[i].id, n));

  const payments = await tx
    .select({ amount: paymentTransactions.amountMinor, refunded: paymentTransactions.refundedMinor })
    .from(paymentTransactions)
    .where(
      and(
        eq(paymentTransactions.bookingId, bookingId),
        eq(paymentTransactions.kind, "charge"),
        eq(paymentTransactions.status, "succeeded"),
        ne(paymentTransactions.method, "promo"),
      ),
    );
  const refundableMinor = payments.reduce((s, p) => s + Math.max(p.amount - p.refunded, 0), 0);
  return { byItem, refundableMinor };
}

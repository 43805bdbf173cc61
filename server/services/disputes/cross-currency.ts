import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { bookings, disputes, paymentTransactions } from "@/db/schema";
import { formatMoney } from "@/server/domain/money";
import { raiseAlert } from "@/server/services/escalation/raise-alert";

type Row = {
  id: string;
  bookingId: string | null;
  paymentTransactionId: string | null;
  stripeDisputeId: string;
  amountMinor: number;
  currency: string;
};

/**
 * A dispute in another currency than the payment it matched (issue 23): its amount cannot be
 * counted against the payment, so it is flagged on the row and a human is alerted at once, not
 * only when it is lost. Returns whether it was flagged.
 */
export async function flagCrossCurrency(tx: Tx, row: Row): Promise<boolean> {
  if (!row.paymentTransactionId) return false;
  const [p] = await tx
    .select({ currency: paymentTransactions.currency, reference: bookings.bookingReference })
    .from(paymentTransactions)
    .innerJoin(bookings, eq(bookings.id, paymentTransactions.bookingId))
    .where(eq(paymentTransactions.id, row.paymentTransactionId));
  if (!p || p.currency === row.currency) return false;
  await tx.update(disputes).set({ crossCurrency: true, updatedAt: new Date() }).where(eq(disputes.id, row.id));
  await raiseAlert(tx, {
    severity: "high",
    source: "dispute",
    bookingId: row.bookingId,
    dedupeKey: `dispute_currency:${row.id}`,
    details: {
      disputeId: row.id,
      disputeCurrency: row.currency,
      paymentCurrency: p.currency,
      disputedMinor: row.amountMinor,
    },
    title: `Dispute ${row.stripeDisputeId} on ${p.reference} is for ${formatMoney(row.amountMinor, row.currency)}, the payment is in ${p.currency}: check the amount with the bank`,
  });
  return true;
}

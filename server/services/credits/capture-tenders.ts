// The intake's credit tenders: each captures its hold in the booking's own transaction, so a
// booking paid partly by credit exists only with its credit spent (and the other way round).
import type { Tx } from "@/db/client";
import type { Tender } from "@/server/domain/intake/items";
import { CreditRefused } from "./credit-refused";
import { captureHold } from "./holds";

export async function captureCreditTenders(
  tx: Tx,
  booking: { clientId: string; bookingId: string; tenders: readonly Tender[]; paymentIds: readonly string[] },
  now = new Date(),
): Promise<void> {
  for (const [k, t] of booking.tenders.entries()) {
    if (t.type !== "credit") continue;
    try {
      await captureHold(tx, {
        clientId: booking.clientId,
        holdId: t.holdId,
        amountMinor: t.amountMinor,
        currency: t.currency,
        paymentTransactionId: booking.paymentIds[k],
        bookingId: booking.bookingId,
        now,
      });
    } catch (e) {
      if (e instanceof CreditRefused) throw new CreditRefused(e.status, `tenders.${k}.${e.field}`, e.message);
      throw e;
    }
  }
}

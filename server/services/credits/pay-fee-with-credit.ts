// A change fee paid with travel credit instead of the saved card (issue 23): in the confirmation's
// own transaction, a `fee_charge` payment of method `credit`, the credit spent from the soonest
// expiring grants, the booking's paid amount, and the change submitted. No gateway, so nothing
// runs outside the transaction; a change later rejected refunds it back as credit (refund-as-credit.ts).
import { eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { bookings, paymentTransactions } from "@/db/schema";
import { DomainError } from "@/server/domain/errors";
import type { Viewer } from "@/server/domain/viewer";
import { moveModification, type Modification } from "@/server/services/modifications/common";
import { CreditRefused } from "./credit-refused";
import { drawCredit } from "./ledger";
import { GuestCannotTakeCredit } from "./refund-choice";

export async function payFeeWithCredit(tx: Tx, m: Modification, viewer: Viewer, now = new Date()) {
  if (viewer.kind !== "traveler") throw new GuestCannotTakeCredit();
  const amountMinor = m.totalCostMinor!;
  const currency = m.currency!;
  const [pay] = await tx
    .insert(paymentTransactions)
    .values({
      bookingId: m.bookingId,
      kind: "fee_charge",
      status: "succeeded",
      method: "credit",
      amountMinor,
      currency,
      gateway: "ledger",
    })
    .returning({ id: paymentTransactions.id });
  try {
    await drawCredit(tx, {
      userId: viewer.userId,
      currency,
      amountMinor,
      kind: "spend",
      actor: `traveler:${viewer.userId}`,
      now,
      paymentTransactionId: pay.id,
      note: `Change fee ${m.id}`,
    });
  } catch (e) {
    if (e instanceof CreditRefused)
      throw new DomainError("invalid", `${e.message}: pay this change by card instead`, { field: "payWith" });
    throw e;
  }
  // Money taken for the change counts as paid on the booking (refunded ≤ paid stays true).
  await tx
    .update(bookings)
    .set({ paidMinor: sql`${bookings.paidMinor} + ${amountMinor}`, updatedAt: now })
    .where(eq(bookings.id, m.bookingId));
  return moveModification(tx, m, "submitted", { paymentTransactionId: pay.id, submittedAt: now });
}

import { and, eq, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bookingModifications } from "@/db/schema";
import { DomainError } from "@/server/domain/errors";
import { abandonModification } from "./confirm-modification";

/** How long a change may wait for its fee to be paid (a card's authentication page left open, a payment never finished). */
export const UNPAID_CHANGE_EXPIRES_MS = 24 * 3_600_000;

/**
 * The hourly sweep of changes left waiting for payment: each is abandoned as the traveler's own
 * cancel would (its pending charge voided, nothing changed with the provider), so none holds a
 * card authorisation or sits in the console for ever. One whose payment went through meanwhile
 * is moved on instead (the void is refused and the payment recorded). Oldest first, bounded.
 */
export async function expireUnpaidModifications(db: Db, now = new Date(), limit = 200) {
  const stale = await db
    .select()
    .from(bookingModifications)
    .where(
      and(
        eq(bookingModifications.status, "awaiting_payment"),
        lt(bookingModifications.createdAt, new Date(now.getTime() - UNPAID_CHANGE_EXPIRES_MS)),
      ),
    )
    .orderBy(bookingModifications.createdAt)
    .limit(limit);
  const outcome = { expired: 0, paidMeanwhile: 0 };
  for (const m of stale) {
    try {
      const after = await abandonModification(
        db,
        m,
        "The payment was not completed within 24 hours: nothing was changed or charged",
      );
      if (after?.status === "cancelled") outcome.expired++;
    } catch (e) {
      if (!(e instanceof DomainError && e.code === "conflict")) throw e;
      outcome.paidMeanwhile++;
    }
  }
  return outcome;
}

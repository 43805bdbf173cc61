import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bookings, cancellationRequests } from "@/db/schema";
import { assertAllowed } from "@/server/domain/available-actions";
import { DomainError } from "@/server/domain/errors";
import { actorOf } from "@/server/domain/viewer";
import { actionsFor } from "@/server/services/bookings/action-facts";
import { ownedBy } from "@/server/services/bookings/owned-by";
import { chooseRefundAsCredit } from "@/server/services/credits/refund-choice";
import { recordEvent } from "@/server/services/events/record-event";
import { cancellationViewer, type CancellationScope } from "./request-cancellation";

/**
 * The traveler (or support) confirms a quote. The row is locked, so of any number of concurrent
 * confirmations exactly one moves it to `processing` and writes `cancellation/confirmed` (which
 * starts the provider cancellations and, after them, the one refund); the others see it already
 * confirmed and get the same answer. An expired quote is refused and marked so.
 */
export async function confirmCancellation(
  db: Db,
  scope: CancellationScope,
  input: { cancellationId: string; now?: Date; refundAs?: "card" | "credit" },
) {
  const now = input.now ?? new Date();
  const outcome = await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ c: cancellationRequests })
      .from(cancellationRequests)
      .innerJoin(bookings, eq(bookings.id, cancellationRequests.bookingId))
      .where(
        "viewer" in scope
          ? and(eq(cancellationRequests.id, input.cancellationId), ownedBy(scope.viewer))
          : eq(cancellationRequests.id, input.cancellationId),
      )
      .for("update", { of: cancellationRequests });
    if (!row) throw new DomainError("not_found", "Cancellation not found");
    const c = row.c;
    if (c.status !== "awaiting_confirmation") {
      if (c.status === "expired") throw new DomainError("quote_expired", "This quote has expired: ask for a new one");
      return { id: c.id, status: c.status, alreadyConfirmed: true };
    }
    if (c.quoteExpiresAt && c.quoteExpiresAt.getTime() <= now.getTime()) {
      await tx.update(cancellationRequests).set({ status: "expired" }).where(eq(cancellationRequests.id, c.id));
      return { id: c.id, status: "expired" as const, alreadyConfirmed: false };
    }
    // What changed since the quote (a dispute, a change now being made) may forbid it now.
    const actions = await actionsFor(tx, c.bookingId, cancellationViewer(scope), now);
    assertAllowed(actions, "cancel");
    // The owner's choice of travel credit instead of the card refund (server/services/credits/refund-choice.ts).
    const creditChoice =
      input.refundAs === "credit"
        ? await chooseRefundAsCredit(tx, {
            cancellationId: c.id,
            bookingId: c.bookingId,
            viewer: "viewer" in scope ? scope.viewer : null,
            actions,
            now,
          })
        : null;
    await tx
      .update(cancellationRequests)
      .set({ status: "processing", confirmedAt: now })
      .where(eq(cancellationRequests.id, c.id));
    const by = "actor" in scope ? scope.actor : actorOf(scope.viewer);
    await recordEvent(tx, "cancellation/confirmed", { cancellationId: c.id, bookingId: c.bookingId, by });
    return { id: c.id, status: "processing" as const, alreadyConfirmed: false, creditChoice };
  });
  // Outside the transaction, so the expiry is kept while the traveler is told.
  if (outcome.status === "expired" && !outcome.alreadyConfirmed)
    throw new DomainError("quote_expired", "This quote has expired: ask for a new one");
  return outcome;
}

// Credit instead of a card refund (issue 23): the signed-in owner chooses it when confirming their
// own cancellation, so the choice never waits on anyone and never delays the refund. Refused here,
// in the service, for a guest (typed error), whatever the page showed.
import { and, eq, inArray, lte } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { creditRefundChoices, refunds } from "@/db/schema";
import { actorLabel } from "@/server/domain/actor";
import { assertAllowed, type AvailableActions } from "@/server/domain/available-actions";
import { guestCreditReason } from "@/server/domain/available-actions/credit";
import { DomainError } from "@/server/domain/errors";
import { unpaidRefundStatuses } from "@/server/domain/statuses";
import { actorOf, type Viewer } from "@/server/domain/viewer";
import { recordEvent } from "@/server/services/events/record-event";
import { getCreditSettings } from "./settings";

/** A guest (a reference and a last name) has no account to hold credit: the card refund stands. */
export class GuestCannotTakeCredit extends DomainError {
  constructor() {
    super("forbidden", guestCreditReason, { action: "take_refund_as_credit" });
    this.name = "GuestCannotTakeCredit";
  }
}

export type CreditChoice = { taken: true; bonusBps: number } | { taken: false; reason: string };

/**
 * Records the choice for the cancellation being confirmed (in the confirmation's transaction). When
 * a refund of the booking is already owed past its legal due date, no choice may hold it up: the
 * card refund goes ahead and the choice is declined with the reason.
 */
export async function chooseRefundAsCredit(
  tx: Tx,
  c: { cancellationId: string; bookingId: string; viewer: Viewer | null; actions: AvailableActions; now: Date },
): Promise<CreditChoice> {
  if (c.viewer?.kind === "guest") throw new GuestCannotTakeCredit();
  assertAllowed(c.actions, "take_refund_as_credit");
  if (c.viewer?.kind !== "traveler") throw new GuestCannotTakeCredit(); // support on its own: no account (actions refuse it first)
  const [late] = await tx
    .select({ id: refunds.id })
    .from(refunds)
    .where(
      and(
        eq(refunds.bookingId, c.bookingId),
        inArray(refunds.status, [...unpaidRefundStatuses]),
        lte(refunds.dueBy, c.now),
      ),
    )
    .limit(1);
  if (late) return { taken: false, reason: "A refund of this booking is due already: it goes to your card now" };
  const { refundBonusBps } = await getCreditSettings(tx);
  await tx
    .insert(creditRefundChoices)
    .values({
      cancellationRequestId: c.cancellationId,
      userId: c.viewer.userId,
      bonusBps: refundBonusBps,
      chosenBy: actorLabel(actorOf(c.viewer)),
    })
    .onConflictDoNothing();
  await recordEvent(tx, "credit/refund_chosen", {
    cancellationId: c.cancellationId,
    bookingId: c.bookingId,
    userId: c.viewer.userId,
    bonusBps: refundBonusBps,
  });
  return { taken: true, bonusBps: refundBonusBps };
}

import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bookingItems, bookings } from "@/db/schema";
import { assertAllowed } from "@/server/domain/available-actions";
import { DomainError } from "@/server/domain/errors";
import type { ItemStatus } from "@/server/domain/statuses";
import { actorOf, type Viewer } from "@/server/domain/viewer";
import { actionsFor } from "@/server/services/bookings/action-facts";
import { ownedBy } from "@/server/services/bookings/owned-by";
import { transitionItem } from "@/server/services/lifecycle";
import { recordOwedRefund } from "./record-owed-refund";

/**
 * The traveler's answer to a schedule change. Accept: the item returns to the status it had
 * (its new details stay). Reject: for a change that entitles them to it (significant under
 * 14 CFR 260.2, or a carrier cancellation), the item is cancelled with its whole share owed back;
 * any other change can only be accepted here, or cancelled under the fare's rules.
 */
export async function respondToScheduleChange(
  db: Db,
  viewer: Viewer,
  input: { reference: string; itemId: string; decision: "accept" | "reject" },
) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ item: bookingItems, bookingId: bookings.id })
      .from(bookingItems)
      .innerJoin(bookings, eq(bookings.id, bookingItems.bookingId))
      .where(
        and(
          eq(bookingItems.id, input.itemId),
          eq(bookings.bookingReference, input.reference.trim().toUpperCase()),
          ownedBy(viewer),
        ),
      );
    if (!row) throw new DomainError("not_found", "Booking not found");
    const { item } = row;
    // Waiting for an answer, and (to reject) a change that entitles the traveler to a free cancellation.
    const actions = await actionsFor(tx, row.bookingId, viewer);
    assertAllowed(actions, input.decision === "accept" ? "accept_schedule_change" : "reject_schedule_change", {
      itemId: item.id,
    });

    if (input.decision === "accept") {
      await transitionItem(tx, {
        itemId: item.id,
        to: item.previousStatus as ItemStatus,
        expectedFrom: "schedule_changed",
        actor: actorOf(viewer),
        reason: "Traveler accepted the new schedule",
      });
    } else {
      await transitionItem(tx, {
        itemId: item.id,
        to: "cancelled",
        expectedFrom: "schedule_changed",
        actor: actorOf(viewer),
        reason: "Traveler rejected the schedule change",
      });
      await recordOwedRefund(tx, {
        itemId: item.id,
        cause: "schedule_change_rejected",
        requestedBy: actorOf(viewer).kind,
        policy: "Significant schedule change rejected: full refund",
      });
    }
    // The booking's issue is resolved once no change awaits an answer.
    await tx
      .update(bookings)
      .set({ issueResolved: true, issueResolvedAt: new Date(), hasIssue: false, updatedAt: new Date() })
      .where(
        and(
          eq(bookings.id, row.bookingId),
          sql`not exists (select 1 from booking_items i where i.booking_id = ${row.bookingId} and i.status = 'schedule_changed')`,
        ),
      );
    return { decision: input.decision };
  });
}

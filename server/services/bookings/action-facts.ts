// The facts available actions read (server/domain/available-actions), loaded in one place for the
// portal, the console and every service that performs an action, so they all judge the same data.
import { and, count, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { bookingItems, bookingModifications, bookings, cancellationRequests, documents } from "@/db/schema";
import {
  availableActions,
  type ActionFacts,
  type ActionViewer,
  type AvailableActions,
  type ChangeUnderWay,
} from "@/server/domain/available-actions";
import { DomainError } from "@/server/domain/errors";
import { openCancellationStatuses } from "@/server/domain/statuses";

/** The booking's facts; inside a transaction, read after the caller's row locks so they are current. */
export async function loadActionFacts(db: Db | Tx, bookingId: string): Promise<ActionFacts> {
  const [b] = await db
    .select({
      id: bookings.id,
      status: bookings.status,
      userId: bookings.userId,
      isModifiable: bookings.isModifiable,
      modificationDeadline: bookings.modificationDeadline,
      travelers: bookings.travelers,
    })
    .from(bookings)
    .where(eq(bookings.id, bookingId));
  if (!b) throw new DomainError("not_found", "Booking not found");
  const items = await db
    .select({
      id: bookingItems.id,
      status: bookingItems.status,
      category: bookingItems.category,
      startAt: bookingItems.startAt,
      providerBookingId: bookingItems.providerBookingId,
      travelerIndices: bookingItems.travelerIndices,
      refundEligible: bookingItems.refundEligible,
    })
    .from(bookingItems)
    .where(eq(bookingItems.bookingId, bookingId))
    .orderBy(bookingItems.startAt, bookingItems.id);
  const [cancellation] = await db
    .select({ status: cancellationRequests.status })
    .from(cancellationRequests)
    .where(
      and(
        eq(cancellationRequests.bookingId, bookingId),
        inArray(cancellationRequests.status, [...openCancellationStatuses]),
      ),
    )
    .limit(1);
  const changes = await db
    .select({
      id: bookingModifications.id,
      status: bookingModifications.status,
      itemId: bookingModifications.bookingItemId,
    })
    .from(bookingModifications)
    .where(
      and(
        eq(bookingModifications.bookingId, bookingId),
        inArray(bookingModifications.status, ["awaiting_payment", "submitted"]),
      ),
    );
  const [docs] = await db.select({ n: count() }).from(documents).where(eq(documents.bookingId, bookingId));
  const { travelers, ...booking } = b;
  return {
    booking: { ...booking, travelerCount: travelers.length, documentCount: docs.n },
    items,
    open: { cancellation: cancellation?.status ?? null, changesUnderWay: changes as ChangeUnderWay[] },
  };
}

/** Every action on the booking as this viewer sees it now. */
export async function actionsFor(
  db: Db | Tx,
  bookingId: string,
  viewer: ActionViewer,
  now = new Date(),
): Promise<AvailableActions> {
  return availableActions({ ...(await loadActionFacts(db, bookingId)), viewer, now });
}

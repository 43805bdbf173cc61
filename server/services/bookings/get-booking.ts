import { and, asc, desc, eq, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  bookingItems,
  bookings,
  bookingStatusHistory,
  cancellationRequests,
  disputes,
  documents,
  paymentTransactions,
  refunds,
} from "@/db/schema";
import { DomainError } from "@/server/domain/errors";
import type { Viewer } from "@/server/domain/viewer";
import { bookingTimeline } from "./booking-timeline";
import { ownedBy } from "./owned-by";

/** One booking with everything the ops console shows about it. */
export async function getBookingForOps(db: Db, id: string) {
  const booking = await loadBooking(db, eq(bookings.id, id));
  const [history, payments, refundRows, disputeRows, cancellations, timeline] = await Promise.all([
    db
      .select()
      .from(bookingStatusHistory)
      .where(eq(bookingStatusHistory.bookingId, id))
      .orderBy(desc(bookingStatusHistory.createdAt)),
    db
      .select()
      .from(paymentTransactions)
      .where(eq(paymentTransactions.bookingId, id))
      .orderBy(asc(paymentTransactions.createdAt)),
    db.select().from(refunds).where(eq(refunds.bookingId, id)).orderBy(desc(refunds.createdAt)),
    db.select().from(disputes).where(eq(disputes.bookingId, id)),
    db
      .select()
      .from(cancellationRequests)
      .where(eq(cancellationRequests.bookingId, id))
      .orderBy(desc(cancellationRequests.createdAt)),
    bookingTimeline(db, id),
  ]);
  return { ...booking, history, payments, refunds: refundRows, disputes: disputeRows, cancellations, timeline };
}

/** A booking as its traveler (or the guest who looked it up) sees it; anyone else's is "not found". */
export async function getBookingForViewer(db: Db, viewer: Viewer, reference: string) {
  const booking = await loadBooking(
    db,
    and(eq(bookings.bookingReference, reference.trim().toUpperCase()), ownedBy(viewer))!,
  );
  const docs = await db
    .select({ id: documents.id, kind: documents.kind, createdAt: documents.createdAt })
    .from(documents)
    .where(eq(documents.bookingId, booking.id))
    .orderBy(desc(documents.createdAt));
  // What the refund tracker shows: each cancellation's progress and the refunds it led to.
  const [cancellations, refundRows] = await Promise.all([
    db
      .select({
        id: cancellationRequests.id,
        status: cancellationRequests.status,
        createdAt: cancellationRequests.createdAt,
        confirmedAt: cancellationRequests.confirmedAt,
        completedAt: cancellationRequests.completedAt,
        quote: cancellationRequests.refundCalculation,
        providers: cancellationRequests.providerCancellations,
      })
      .from(cancellationRequests)
      .where(eq(cancellationRequests.bookingId, booking.id))
      .orderBy(desc(cancellationRequests.createdAt)),
    db
      .select({
        id: refunds.id,
        cancellationId: refunds.cancellationRequestId,
        status: refunds.status,
        amountMinor: refunds.amountMinor,
        currency: refunds.currency,
        estimatedArrival: refunds.estimatedArrival,
        processedAt: refunds.processedAt,
        createdAt: refunds.createdAt,
        reason: refunds.reason,
      })
      .from(refunds)
      .where(eq(refunds.bookingId, booking.id))
      .orderBy(desc(refunds.createdAt)),
  ]);
  const { contactEmail: _e, ...rest } = booking;
  return {
    ...rest,
    documents: docs,
    cancellations: cancellations.filter((c) => c.status !== "expired"),
    refunds: refundRows,
  };
}

async function loadBooking(db: Db, where: SQL) {
  const [b] = await db.select().from(bookings).where(where).limit(1);
  if (!b) throw new DomainError("not_found", "Booking not found");
  const items = await db
    .select()
    .from(bookingItems)
    .where(eq(bookingItems.bookingId, b.id))
    .orderBy(asc(bookingItems.startAt));
  return { ...b, items };
}

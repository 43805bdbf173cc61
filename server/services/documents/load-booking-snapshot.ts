import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bookingItems, bookingModifications, bookings, paymentTransactions, providers, refunds } from "@/db/schema";
import type { BookingSnapshot } from "@/server/documents/views";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Everything the documents of one booking show, read fresh (null when there is no such booking). */
export async function loadBookingSnapshot(db: Db, bookingId: string): Promise<BookingSnapshot | null> {
  const [b] = await db.select().from(bookings).where(eq(bookings.id, bookingId));
  if (!b) return null;
  const [items, pays, refs, mods] = await Promise.all([
    db
      .select({ i: bookingItems, providerName: providers.name })
      .from(bookingItems)
      .innerJoin(providers, eq(providers.code, bookingItems.providerCode))
      .where(eq(bookingItems.bookingId, bookingId))
      .orderBy(asc(bookingItems.startAt), asc(bookingItems.id)),
    db
      .select()
      .from(paymentTransactions)
      .where(eq(paymentTransactions.bookingId, bookingId))
      .orderBy(asc(paymentTransactions.createdAt), asc(paymentTransactions.id)),
    db.select().from(refunds).where(eq(refunds.bookingId, bookingId)).orderBy(asc(refunds.createdAt), asc(refunds.id)),
    db
      .select()
      .from(bookingModifications)
      .where(eq(bookingModifications.bookingId, bookingId))
      .orderBy(asc(bookingModifications.createdAt), asc(bookingModifications.id)),
  ]);
  return {
    id: b.id,
    reference: b.bookingReference,
    status: b.status,
    currency: b.currency,
    createdAt: b.createdAt.toISOString(),
    totalMinor: b.totalMinor,
    paidMinor: b.paidMinor,
    refundedMinor: b.refundedMinor,
    travelers: b.travelers.map((t) => ({ firstName: t.firstName, lastName: t.lastName, type: t.type })),
    contact: { name: b.contactInfo.name, email: b.contactEmail },
    items: items.map(({ i, providerName }) => ({
      id: i.id,
      category: i.category,
      status: i.status,
      providerName,
      providerBookingId: i.providerBookingId,
      providerConfirmationNumber: i.providerConfirmationNumber,
      details: i.itemDetails,
      startAt: iso(i.startAt),
      endAt: iso(i.endAt),
      startZone: i.startZone,
      endZone: i.endZone,
      travelerIndices: i.travelerIndices,
      chargeShareMinor: i.chargeShareMinor,
      cancellationFeeMinor: i.cancellationFeeMinor,
      refundMinor: i.refundMinor,
    })),
    payments: pays.map((p) => ({
      kind: p.kind,
      status: p.status,
      method: p.method,
      amountMinor: p.amountMinor,
      currency: p.currency,
      createdAt: p.createdAt.toISOString(),
    })),
    refunds: refs.map((r) => ({
      reference: r.refundReference,
      status: r.status,
      amountMinor: r.amountMinor,
      currency: r.currency,
      reason: r.reason,
      processingFeeMinor: r.breakdown?.processingFeeMinor ?? 0,
      createdAt: r.createdAt.toISOString(),
    })),
    // A change fee is owed once the change is confirmed; requests still open or refused cost nothing.
    changeFees: mods
      .filter((m) => m.status === "confirmed" && (m.feeMinor ?? 0) > 0)
      .map((m) => ({
        type: m.modificationType,
        feeMinor: m.feeMinor!,
        currency: m.currency ?? b.currency,
        createdAt: m.createdAt.toISOString(),
      })),
  };
}

import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bookings } from "@/db/schema";
import { DomainError } from "@/server/domain/errors";
import { recordEvent } from "@/server/services/events/record-event";

/** Bookings whose documents can be issued: confirmed in some form (a pending one has nothing to show yet). */
const issuable = ["confirmed", "ticketed", "modified", "partially_cancelled", "completed", "disputed"] as const;

/**
 * Asks for a booking's documents to be (re)generated: a `documents/requested` event the
 * generate-documents function acts on. Generation stores only what changed, so asking again is
 * cheap. Used by support from the console, and after seeding for the demo traveler's bookings
 * (seeded bookings were never "confirmed" through the app, so nothing generated theirs).
 */
export async function requestDocuments(db: Db, bookingIds: string[], reason: string) {
  if (bookingIds.length === 0) return { requested: 0 };
  return db.transaction(async (tx) => {
    const rows = await tx.select({ id: bookings.id }).from(bookings)
      .where(and(inArray(bookings.id, bookingIds), inArray(bookings.status, [...issuable])));
    for (const b of rows) await recordEvent(tx, "documents/requested", { bookingId: b.id, reason });
    return { requested: rows.length };
  });
}

/** Support's "generate documents" on one booking: refused, naming why, when the booking has none to issue. */
export async function requestBookingDocuments(db: Db, bookingId: string, actor: string) {
  const [b] = await db.select({ status: bookings.status }).from(bookings).where(eq(bookings.id, bookingId));
  if (!b) throw new DomainError("not_found", "Booking not found");
  const r = await requestDocuments(db, [bookingId], `requested by ${actor}`);
  if (r.requested === 0) throw new DomainError("conflict", `A ${b.status.replace("_", " ")} booking has no documents to issue`);
  return r;
}

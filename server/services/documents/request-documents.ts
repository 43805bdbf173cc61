import { type Actor, actorLabel } from "@/server/domain/actor";
import { eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bookings } from "@/db/schema";
import { demoFixtures } from "@/db/seed/fixtures";
import { assertAllowed, issuesDocuments } from "@/server/domain/available-actions";
import { actionsFor } from "@/server/services/bookings/action-facts";
import { recordEvent } from "@/server/services/events/record-event";

/**
 * Asks for a booking's documents to be (re)generated: a `documents/requested` event the
 * generate-documents function acts on. Generation stores only what changed, so asking again is
 * cheap. Used by support from the console, and after seeding for the demo traveler's bookings
 * (seeded bookings were never "confirmed" through the app, so nothing generated theirs).
 */
export async function requestDocuments(db: Db, bookingIds: string[], reason: string) {
  if (bookingIds.length === 0) return { requested: 0 };
  return db.transaction(async (tx) => {
    const rows = (
      await tx
        .select({ id: bookings.id, status: bookings.status })
        .from(bookings)
        .where(inArray(bookings.id, bookingIds))
    ).filter((b) => issuesDocuments(b.status));
    for (const b of rows) await recordEvent(tx, "documents/requested", { bookingId: b.id, reason });
    return { requested: rows.length };
  });
}

/** Support's "generate documents" on one booking: refused, naming why, when the booking has none to issue. */
export async function requestBookingDocuments(db: Db, bookingId: string, actor: Actor) {
  assertAllowed(await actionsFor(db, bookingId, { kind: "ops", userId: actorLabel(actor) }), "generate_documents");
  return requestDocuments(db, [bookingId], `requested by ${actorLabel(actor)}`);
}

/** After seeding the demo (first start, `db:seed`): the demo traveler's documents, made once the job server runs. */
export async function requestDemoTravelerDocuments(db: Db) {
  const mine = await db
    .select({ id: bookings.id })
    .from(bookings)
    .where(eq(bookings.contactEmail, demoFixtures.traveler.email));
  return requestDocuments(
    db,
    mine.map((b) => b.id),
    "demo data",
  );
}

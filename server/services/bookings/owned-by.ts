import { eq, or, sql, type SQL } from "drizzle-orm";
import { bookings } from "@/db/schema";
import type { Viewer } from "@/server/domain/viewer";

/**
 * The bookings a viewer may see: a traveler's own (by account, or by the verified e-mail they
 * booked with), a guest's one booking. Used in every portal query, so someone else's booking is
 * simply not found.
 */
export function ownedBy(viewer: Viewer): SQL {
  if (viewer.kind === "guest") return eq(bookings.id, viewer.bookingId);
  return or(eq(bookings.userId, viewer.userId), sql`lower(${bookings.contactEmail}) = ${viewer.email}`)!;
}

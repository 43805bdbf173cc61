import { desc } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bookings } from "@/db/schema";
import type { Viewer } from "@/server/domain/viewer";
import { ownedBy } from "./owned-by";

export async function listTravelerBookings(db: Db, viewer: Viewer) {
  return db
    .select({
      id: bookings.id,
      reference: bookings.bookingReference,
      type: bookings.bookingType,
      status: bookings.status,
      totalMinor: bookings.totalMinor,
      currency: bookings.currency,
      travelStartAt: bookings.travelStartAt,
      travelEndAt: bookings.travelEndAt,
    })
    .from(bookings)
    .where(ownedBy(viewer))
    .orderBy(desc(bookings.travelStartAt))
    .limit(200);
}

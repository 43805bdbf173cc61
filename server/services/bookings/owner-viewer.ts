// Ops acting for a traveler (docs/architecture.md, "Actors"): support acts with the owner's rights,
// no more and no less, so it is handed the very viewer the portal would build for that owner.
import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { bookings, users } from "@/db/schema";
import { DomainError } from "@/server/domain/errors";
import { actingFor, type Viewer } from "@/server/domain/viewer";
import { actionsFor } from "./action-facts";

export type BookingOwner = { viewer: Viewer; reference: string; of: "traveler" | "guest" };

/**
 * Who owns a booking, as the portal would see them: the account holder when the booking has one;
 * else the traveler account whose e-mail the booking was made with (the portal lists it for that
 * account, `ownedBy`); else the guest who looks it up by reference and last name.
 */
export async function ownerViewerOf(db: Db | Tx, bookingId: string): Promise<BookingOwner> {
  const [b] = await db
    .select({
      reference: bookings.bookingReference,
      holderId: users.id,
      holderEmail: users.email,
      contactEmail: bookings.contactEmail,
    })
    .from(bookings)
    .leftJoin(users, eq(users.id, bookings.userId))
    .where(eq(bookings.id, bookingId));
  if (!b) throw new DomainError("not_found", "Booking not found");
  const account =
    b.holderId && b.holderEmail
      ? { id: b.holderId, email: b.holderEmail }
      : (
          await db
            .select({ id: users.id, email: users.email })
            .from(users)
            .where(and(sql`lower(${users.email}) = lower(${b.contactEmail})`, eq(users.role, "traveler")))
            .limit(1)
        )[0];
  const viewer: Viewer = account
    ? { kind: "traveler", userId: account.id, email: account.email.toLowerCase() }
    : { kind: "guest", bookingId };
  return { viewer, reference: b.reference, of: viewer.kind };
}

/** Whose booking it is, and the actions they (and so support acting for them) may take now. */
export async function ownerActionsOf(db: Db, bookingId: string) {
  const owner = await ownerViewerOf(db, bookingId);
  return { reference: owner.reference, of: owner.of, actions: await actionsFor(db, bookingId, owner.viewer) };
}

/** The owner's viewer operated by `operator` (an ops user's e-mail): every record names both. */
export async function onBehalfViewer(db: Db | Tx, bookingId: string, operator: string) {
  const owner = await ownerViewerOf(db, bookingId);
  return { ...owner, viewer: actingFor(owner.viewer, operator) };
}

// Available actions as the portal and the console ask for them (what each panel renders from).
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bookings } from "@/db/schema";
import { DomainError } from "@/server/domain/errors";
import type { Viewer } from "@/server/domain/viewer";
import { availableActions } from "@/server/domain/available-actions";
import { actionsFor, loadActionFacts } from "./action-facts";
import { ownedBy } from "./owned-by";
import { ownerViewerOf } from "./owner-viewer";

/** The viewer's actions on one of their bookings; someone else's is not found. */
export async function bookingActionsForViewer(db: Db, viewer: Viewer, reference: string, now = new Date()) {
  const [b] = await db
    .select({ id: bookings.id })
    .from(bookings)
    .where(and(eq(bookings.bookingReference, reference.trim().toUpperCase()), ownedBy(viewer)));
  if (!b) throw new DomainError("not_found", "Booking not found");
  return actionsFor(db, b.id, viewer, now);
}

/**
 * Support's own actions on a booking, and the traveler's as ops acting for them gets them: the
 * owner's own viewer (`ownerViewerOf`: the account holder, the account the booking's e-mail
 * belongs to, or the booking's guest), so the console shows what the act page can do.
 */
export async function bookingActionsForOps(db: Db, bookingId: string, opsUserId: string, now = new Date()) {
  const owner = await ownerViewerOf(db, bookingId);
  const facts = await loadActionFacts(db, bookingId);
  return {
    ops: availableActions({ ...facts, viewer: { kind: "ops", userId: opsUserId }, now }),
    onBehalf: { of: owner.of, actions: availableActions({ ...facts, viewer: owner.viewer, now }) },
  };
}

// Whose rights a viewer acts with: the booking's owner (traveler, guest, or ops on their behalf)
// or support (ops on its own account). DESIGN.md: ops acting for a traveler gets the traveler's
// available actions, no more and no less.
import { refuse } from "./verdicts";
import type { ActionBooking, ActionViewer, Refusal } from "./types";

export type Standing = { as: "owner"; guest: boolean } | { as: "support" } | { as: "nobody"; refusal: Refusal };

export function standingOf(viewer: ActionViewer, booking: ActionBooking): Standing {
  switch (viewer.kind) {
    case "traveler":
      return { as: "owner", guest: false }; // the services find a traveler's own bookings only
    case "guest":
      return viewer.bookingId === booking.id
        ? { as: "owner", guest: true }
        : { as: "nobody", refusal: refuse("forbidden", "This is not the booking you looked up") };
    case "ops": {
      const who = viewer.onBehalfOf;
      if (!who) return { as: "support" };
      if (who === `guest:${booking.id}`) return { as: "owner", guest: true };
      if (booking.userId !== null && who === booking.userId) return { as: "owner", guest: false };
      return { as: "nobody", refusal: refuse("forbidden", "This booking does not belong to the traveler you act for") };
    }
  }
}

/** Actions only the booking's owner takes (support acts on their behalf for these). */
export function ownerOnly(s: Standing, reason: string): Refusal | null {
  if (s.as === "nobody") return s.refusal;
  return s.as === "owner" ? null : refuse("forbidden", reason);
}

/** Actions only support takes. */
export function supportOnly(s: Standing, reason: string): Refusal | null {
  if (s.as === "nobody") return s.refusal;
  return s.as === "support" ? null : refuse("forbidden", reason);
}

import { guestActor, travelerActor, type Actor } from "./actor";

/** Who is looking at portal data: a signed-in traveler, or a guest scoped to one booking. */
export type Viewer = { kind: "traveler"; userId: string; email: string } | { kind: "guest"; bookingId: string };

/** The actor a portal viewer acts as. */
export const actorOf = (v: Viewer): Actor =>
  v.kind === "traveler" ? travelerActor(v.userId) : guestActor(v.bookingId);

import { guestActor, opsActor, travelerActor, type Actor } from "./actor";

/**
 * Who is looking at portal data: a signed-in traveler, or a guest scoped to one booking. `by` is set
 * when ops acts for that owner (docs/architecture.md, "Actors"): the rules and ownership checks see
 * the owner, the records name the operator with `onBehalfOf`.
 */
export type Viewer =
  { kind: "traveler"; userId: string; email: string; by?: Actor } | { kind: "guest"; bookingId: string; by?: Actor };

/** The actor a portal viewer acts as: the operator acting for the owner, else the owner. */
export const actorOf = (v: Viewer): Actor =>
  v.by ?? (v.kind === "traveler" ? travelerActor(v.userId) : guestActor(v.bookingId));

/** How history names the owner ops acts for: the traveler's user id, or `guest:<booking id>`. */
export const onBehalfOfId = (v: Viewer): string => (v.kind === "traveler" ? v.userId : `guest:${v.bookingId}`);

/** The owner's viewer, operated by support: the owner's rights, the operator's name on every record. */
export const actingFor = (owner: Viewer, operator: string): Viewer => ({
  ...owner,
  by: opsActor(operator, onBehalfOfId(owner)),
});

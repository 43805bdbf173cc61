// Who did something: one shape for every service call and every history row (docs/architecture.md,
// "Actors"). `id` names the person, provider or client; `ruleId` the automation rule that decided;
// `onBehalfOf` the traveler (user id) or guest booking an ops user acted for.

export const actorKinds = ["system", "provider", "traveler", "guest", "ops", "api_client", "rule"] as const;
export type ActorKind = (typeof actorKinds)[number];

export type Actor = {
  kind: ActorKind;
  /** User id (traveler), operator e-mail (ops), booking id (guest), provider code, API client id, job name (system). */
  id: string | null;
  ruleId?: string | null;
  /** Set when ops acts for a traveler: the traveler's user id, or `guest:<booking id>`. */
  onBehalfOf?: string | null;
};

export const systemActor = (id: string | null = null): Actor => ({ kind: "system", id });
export const providerActor = (code: string | null): Actor => ({ kind: "provider", id: code });
export const travelerActor = (userId: string): Actor => ({ kind: "traveler", id: userId });
export const guestActor = (bookingId: string): Actor => ({ kind: "guest", id: bookingId });
export const opsActor = (operator: string | null, onBehalfOf: string | null = null): Actor => ({
  kind: "ops",
  id: operator,
  onBehalfOf,
});

/** Actors whose repeats are redelivered events (idempotent), not a person's mistake. */
export const isReplaying = (a: Actor) => a.kind === "provider";

/** Ops history labels a person by e-mail and the system as "system": the actor that label names. */
export const actorFromLabel = (label: string): Actor => (label === "system" ? systemActor() : opsActor(label));

/** How text columns and ops history name an actor: the id (an operator's e-mail), else the kind. */
export const actorLabel = (a: Actor): string => a.id ?? a.kind;

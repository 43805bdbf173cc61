import { z } from "zod";
import { bookingEvents } from "./catalogue/bookings";
import { changeEvents } from "./catalogue/changes";
import { disputeEvents } from "./catalogue/disputes";
import { operationEvents } from "./catalogue/operations";
import { payoutCreditEvents } from "./catalogue/payouts-credits";
import { refundEvents } from "./catalogue/refunds";

/**
 * Every domain event, declared once: its name, its payload (zod) and the Inngest event type that
 * functions trigger on. Services write them with `recordEvent` (server/services/events), which takes
 * only these names with their payloads; SQL writers take the name from `eventNames`. An event that
 * no function or rule acts on says so (`historyOnly`, with the reason): it is kept in the outbox as
 * the record of what happened. catalogue.int.test.ts holds every event to one of the two.
 * Each domain's events are declared in catalogue/<domain>.ts (with `declare`, catalogue/declare.ts)
 * and assembled here, in this order; everything imports them from this module.
 */
export const events = {
  ...bookingEvents,
  ...refundEvents,
  ...changeEvents,
  ...disputeEvents,
  ...operationEvents,
  ...payoutCreditEvents,
};

type Events = typeof events;
type Entry = Events[keyof Events];
type ByName = { [K in keyof Events as Events[K]["name"]]: Events[K] };

export type EventName = Entry["name"];
/** What a writer passes for event `N` (a union of names gives the union of their payloads). */
export type EventPayload<N extends EventName> = z.input<ByName[N]["schema"]>;
/** What a consumer reads for event `N`. */
export type EventData<N extends EventName> = z.output<ByName[N]["schema"]>;

/** Names as constants, for writers that build outbox rows in SQL. */
export const eventNames = Object.fromEntries(Object.entries(events).map(([k, e]) => [k, e.name])) as {
  [K in keyof Events]: Events[K]["name"];
};

export const catalogue: ReadonlyMap<string, Entry> = new Map(Object.values(events).map((e) => [e.name, e]));

/** Throws when `data` is not the payload the catalogue declares for `name` (an undeclared name included). */
export function assertEventPayload(name: string, data: unknown): void {
  const entry = catalogue.get(name);
  if (!entry) throw new Error(`Event ${name} is not in the catalogue (server/events/catalogue.ts)`);
  const r = entry.schema.safeParse(data);
  if (!r.success) throw new Error(`Event ${name}: payload does not match the catalogue: ${z.prettifyError(r.error)}`);
}

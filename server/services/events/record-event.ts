import { sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { outbox } from "@/db/schema";
import { assertEventPayload, type EventName, type EventPayload } from "@/server/events/catalogue";

// Outside production every payload is checked against its schema too, so one built at run time
// (a spread, a row read back) cannot drift from the catalogue unseen. Production trusts the types:
// a drifted field must not roll back the state change it reports.
const checkPayloads = process.env.NODE_ENV !== "production";

/**
 * Records a domain event in the outbox, inside the caller's transaction: the event exists if and
 * only if the change it reports was committed. The relay publishes it afterwards
 * (docs/architecture.md, "Events and jobs"). Only events of the catalogue
 * (server/events/catalogue.ts), each with its own payload.
 */
export async function recordEvent<N extends EventName>(tx: Db | Tx, name: N, data: EventPayload<N>) {
  if (checkPayloads) assertEventPayload(name, data);
  const [row] = await tx
    .insert(outbox)
    .values({ name, data: data as Record<string, unknown> })
    .returning({ id: outbox.id });
  return row.id;
}

/**
 * The statement that records many events of one name (null when there are none), for writers that
 * run it together with their own writes in one statement (the lifecycle's set-based writers).
 */
export function outboxInsert<N extends EventName>(name: N, data: readonly EventPayload<N>[]): SQL | null {
  if (data.length === 0) return null;
  if (checkPayloads) for (const d of data) assertEventPayload(name, d);
  // One jsonb parameter, not a parameter per row and column: the webhook batch path writes hundreds.
  return sql`insert into outbox (name, data) select ${name}, e from jsonb_array_elements(${JSON.stringify(data)}::jsonb) e`;
}

/** Records many events of one name in one statement. */
export async function recordEvents<N extends EventName>(tx: Db | Tx, name: N, data: readonly EventPayload<N>[]) {
  const insert = outboxInsert(name, data);
  if (insert) await tx.execute(insert);
}

import type { Db, Tx } from "@/db/client";
import { outbox } from "@/db/schema";

/**
 * Records a domain event in the outbox, inside the caller's transaction: the event exists if and
 * only if the change it reports was committed. The relay publishes it afterwards (DESIGN.md).
 */
export async function recordEvent(tx: Db | Tx, name: string, data: Record<string, unknown>) {
  const [row] = await tx.insert(outbox).values({ name, data }).returning({ id: outbox.id });
  return row.id;
}

import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

/** How much of a work queue a page shows, and how far past that the rest is counted. */
export const QUEUE_SHOWN = 25;
export const QUEUE_COUNT_CAP = 1_000;

export type QueueTop<T> = { rows: T[]; more: number; moreIsCapped: boolean };

/**
 * The top of a work queue (`rows`: the queue's query in urgency order, read from its partial index)
 * and how many more wait behind it (`count`: the same rows up to a limit), counted only up to
 * QUEUE_COUNT_CAP so that a long queue never costs a count over the whole table.
 */
export async function queueTop<T>(
  rows: (limit: number) => Promise<T[]>,
  count: (limit: number) => Promise<number>,
): Promise<QueueTop<T>> {
  // `.then` sends the rows' query now (a query builder runs when first awaited), the count beside it.
  const first = rows(QUEUE_SHOWN).then((r) => r);
  const [top, n] = await Promise.all([first, count(QUEUE_SHOWN + QUEUE_COUNT_CAP + 1)]);
  const more = Math.max(0, n - top.length);
  return { rows: top, more: Math.min(more, QUEUE_COUNT_CAP), moreIsCapped: more > QUEUE_COUNT_CAP };
}

type Subquery = Parameters<ReturnType<Db["select"]>["from"]>[0];
/** `select count(*) from (…limited rows…)`: the count half of `queueTop`. */
export async function countOf(db: Db, rows: Subquery): Promise<number> {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(rows);
  return n;
}

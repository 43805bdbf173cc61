import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

export type OutgoingEvent = { id: string; name: string; data: Record<string, unknown>; ts: number };
export type SendEvents = (events: OutgoingEvent[]) => Promise<unknown>;

const LEASE_SECONDS = 30;

/**
 * Publishes a batch of outbox rows (docs/architecture.md, "Events and jobs"). Rows are claimed with a short
 * lease in their own committed statement, so the network call never runs inside a transaction
 * and two relays never send the same row at once. The event id is the row id: if the process dies
 * after sending and before marking, the lease lapses, the row is sent again with the same id, and
 * Inngest (or the local server) drops the duplicate. So an event is never lost, never acted on twice.
 */
export async function relayOutbox(
  db: Db,
  send: SendEvents,
  opts: { batch?: number } = {},
): Promise<{ sent: number; failed: number }> {
  const claimed = await db.execute<{
    id: string;
    name: string;
    data: Record<string, unknown>;
    created_at: string;
    attempts: number;
  }>(sql`
    update outbox o set attempts = o.attempts + 1, next_attempt_at = now() + make_interval(secs => ${LEASE_SECONDS})
    from (select id from outbox where sent_at is null and next_attempt_at <= now()
          order by created_at limit ${opts.batch ?? 100} for update skip locked) due
    where o.id = due.id
    returning o.id, o.name, o.data, o.created_at, o.attempts`);
  if (claimed.length === 0) return { sent: 0, failed: 0 };
  const ids = claimed.map((r) => r.id);
  try {
    await send(claimed.map((r) => ({ id: r.id, name: r.name, data: r.data, ts: new Date(r.created_at).getTime() })));
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // Back off 1 s, 2 s, 4 s … up to 5 minutes; the row stays visible with its error meanwhile.
    await db.execute(sql`
      update outbox set last_error = ${message.slice(0, 500)},
        next_attempt_at = now() + make_interval(secs => least(300, power(2, greatest(attempts - 1, 0)))::int)
      where id in ${ids}`);
    return { sent: 0, failed: ids.length };
  }
  await db.execute(sql`update outbox set sent_at = now(), last_error = null where id in ${ids}`);
  return { sent: ids.length, failed: 0 };
}

/** Relays until the outbox is drained, then waits; for the process that hosts the relay. */
export function startOutboxRelay(
  db: Db,
  send: SendEvents,
  opts: { idleMs?: number; onError?: (e: unknown) => void } = {},
) {
  let stopped = false;
  let wake: (() => void) | null = null;
  const loop = (async () => {
    while (!stopped) {
      try {
        const r = await relayOutbox(db, send);
        if (r.sent > 0) continue;
      } catch (e) {
        opts.onError?.(e);
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, opts.idleMs ?? 500);
      });
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}

import type { Sql } from "./functions";
import type { FnConfig } from "./functions";
import { nextCronTime } from "./cron";
import { createRun, scheduledEventName, type FnEvent } from "./runs";
import { randomUUID } from "node:crypto";

/** Any constant both servers agree on: the session advisory lock that makes one of them the cron leader. */
export const cronLeaderLockKey = 727_001;

export function cronEvent(cron: string, at: Date): FnEvent {
  return { id: randomUUID(), name: scheduledEventName, data: { cron }, ts: at.getTime() };
}

/**
 * Fires due cron schedules (leader only). Missed fires are not backfilled, as on Inngest: a
 * schedule that was due several times while nothing ran fires once and moves past `now`. Each
 * fire carries the idempotency key `cron:<time>`, so even two leaders would start one run.
 */
export async function fireDueCrons(sql: Sql, now: Date): Promise<number> {
  const due = await sql<{ id: string; config: FnConfig; cron: string; next_cron_at: string }[]>`
    select id, config, cron, next_cron_at from job_functions
    where removed_at is null and cron is not null and next_cron_at <= ${now.toISOString()}`;
  let started = 0;
  for (const fn of due) {
    await sql.begin(async (txRaw) => {
      const tx = txRaw as unknown as Sql;
      const at = new Date(fn.next_cron_at);
      const id = await createRun(tx, {
        fn,
        event: cronEvent(fn.cron, at),
        now,
        idempotencyKey: `cron:${at.toISOString()}`,
        cronAt: at,
      });
      if (id) started++;
      await tx`update job_functions set next_cron_at = ${nextCronTime(fn.cron, now).toISOString()} where id = ${fn.id} and next_cron_at = ${fn.next_cron_at}`;
    });
  }
  return started;
}

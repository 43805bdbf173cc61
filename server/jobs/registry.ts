import { cronOf, eventTriggersOf, type RegisterBody, type Sql } from "./functions";
import { nextCronTime } from "./cron";

/**
 * Applies a sync (`POST /fn/register`): upserts every function of the app and marks the app's
 * functions that are no longer listed as removed (their runs in flight still finish).
 */
export async function registerApp(sql: Sql, body: RegisterBody, now: Date): Promise<{ modified: boolean }> {
  if (!body || typeof body.appName !== "string" || !Array.isArray(body.functions)) throw new Error("Invalid sync body");
  const ids = body.functions.map((f) => f.id);
  await sql.begin(async (tx) => {
    for (const fn of body.functions) {
      const cron = cronOf(fn);
      const next = cron ? nextCronTime(cron, now) : null;
      const url = Object.values(fn.steps ?? {})[0]?.runtime?.url ?? body.url;
      await tx`
        insert into job_functions (id, app_id, name, url, config, event_triggers, cron, next_cron_at, removed_at, synced_at)
        values (${fn.id}, ${body.appName}, ${fn.name ?? fn.id}, ${url}, ${JSON.stringify(fn)}, ${eventTriggersOf(fn)}::text[],
                ${cron}, ${next?.toISOString() ?? null}, null, ${now.toISOString()})
        on conflict (id) do update set app_id = excluded.app_id, name = excluded.name, url = excluded.url,
          config = excluded.config, event_triggers = excluded.event_triggers, removed_at = null, synced_at = excluded.synced_at,
          cron = excluded.cron,
          -- keep the schedule's next fire time unless the schedule itself changed
          next_cron_at = case when job_functions.cron is not distinct from excluded.cron and job_functions.next_cron_at is not null
                              then job_functions.next_cron_at else excluded.next_cron_at end`;
    }
    await tx`update job_functions set removed_at = ${now.toISOString()}
             where app_id = ${body.appName} and removed_at is null and not (id = any(${ids}::text[]))`;
  });
  return { modified: true };
}

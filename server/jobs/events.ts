import { createHash, randomUUID } from "node:crypto";
import { evaluate, UnsupportedExpression } from "./expressions";
import type { FnConfig, Sql } from "./functions";
import { appendToBatch, cancelledEventName, createRun, type FnEvent } from "./runs";
import { wakeTime } from "./durations";

export type IncomingEvent = {
  id?: string;
  name: string;
  data?: Record<string, unknown>;
  user?: Record<string, unknown>;
  ts?: number;
  v?: string;
};

/** A uuid derived from the SDK's `X-Inngest-Event-Id-Seed` and the event's index: a resent batch gets the same ids. */
function seededId(seed: string, index: number): string {
  const h = createHash("sha256").update(`${seed}:${index}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function matches(expr: string | undefined, scope: Record<string, unknown>, whenUnreadable: boolean): boolean {
  if (!expr) return true;
  try {
    return Boolean(evaluate(expr, scope));
  } catch (err) {
    if (err instanceof UnsupportedExpression) return whenUnreadable;
    throw err;
  }
}

/**
 * Stores events and acts on them in one transaction: starts the runs they trigger, cancels runs
 * whose `cancelOn` they match and resumes `waitForEvent` steps. An event whose own `id` was seen
 * before is dropped (the outbox relay sends its row id as the event id). Returns the event ids
 * (internal ids, the shape the SDK expects) and the runs started.
 */
export async function ingestEvents(
  sql: Sql,
  events: IncomingEvent[],
  opts: { now: Date; seed?: string },
): Promise<{ ids: string[]; runIds: string[] }> {
  return sql.begin((tx) => ingestEventsTx(tx as unknown as Sql, events, opts));
}

/**
 * The same inside a caller's transaction. Set-based where the work is per batch (the outbox relay
 * sends up to 100 events at once): one insert for the events, one read of the functions they may
 * trigger, cancel or resume, and for `batchEvents` functions one append per batch run; per-event
 * statements only where an event starts, cancels or resumes something.
 */
export async function ingestEventsTx(
  tx: Sql,
  events: IncomingEvent[],
  opts: { now: Date; seed?: string },
): Promise<{ ids: string[]; runIds: string[] }> {
  for (const e of events) if (!e || typeof e.name !== "string" || !e.name) throw new Error("Every event needs a name");
  if (events.length === 0) return { ids: [], runIds: [] };
  const rows = events.map((e, i) => ({
    id: opts.seed ? seededId(opts.seed, i) : randomUUID(),
    external_id: e.id ? String(e.id) : null,
    name: e.name,
    data: e.data ?? {},
    user: e.user ?? null,
    ts: typeof e.ts === "number" ? e.ts : opts.now.getTime(),
  }));
  const inserted = new Set(
    (
      await tx<{ id: string }[]>`
    insert into job_events (id, external_id, name, data, "user", ts, received_at)
    select id, external_id, name, data, "user", ts, ${opts.now.toISOString()} from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as r(id uuid, external_id text, name text, data jsonb, "user" jsonb, ts bigint)
    on conflict do nothing returning id`
    ).map((r) => r.id),
  );

  const names = [...new Set(events.map((e) => e.name))];
  const fns = await tx<{ id: string; config: FnConfig; event_triggers: string[] }[]>`
    select id, config, event_triggers from job_functions where removed_at is null
      and (event_triggers && ${names}::text[]
        or exists (select 1 from jsonb_array_elements(coalesce(config->'cancel', '[]')) c where c->>'event' = any(${names}::text[])))`;
  const waiters = await tx<{ n: number }[]>`
    select count(*)::int as n from job_steps where status = 'waiting' and output->>'event' = any(${names}::text[])`;

  const ids: string[] = [],
    runIds: string[] = [];
  const batches = new Map<
    string,
    { fn: { id: string; config: FnConfig }; events: { event: FnEvent; eventId: string }[] }
  >();
  for (const [i, row] of rows.entries()) {
    if (!inserted.has(row.id)) {
      const [dup] = await tx<
        { id: string }[]
      >`select id from job_events where id = ${row.id} or external_id = ${row.external_id} limit 1`;
      ids.push(dup?.id ?? row.id);
      continue;
    }
    ids.push(row.id);
    const e = events[i];
    const event: FnEvent = {
      id: row.external_id ?? row.id,
      name: e.name,
      data: row.data,
      ts: row.ts,
      ...(e.user ? { user: e.user } : {}),
      ...(e.v ? { v: e.v } : {}),
    };
    for (const fn of fns) {
      const triggers = (fn.config.triggers ?? []).filter(
        (t): t is { event: string; expression?: string } => "event" in t && t.event === event.name,
      );
      // A trigger `if` this server cannot read still fires (README): missing a run is worse.
      if (!triggers.some((t) => matches(t.expression, { event }, true))) continue;
      if (fn.config.batchEvents) {
        const b = batches.get(fn.id) ?? { fn, events: [] };
        b.events.push({ event, eventId: row.id });
        batches.set(fn.id, b);
        continue;
      }
      const id = await createRun(tx, { fn, event, eventId: row.id, now: opts.now });
      if (id) runIds.push(id);
    }
    const cancelling = fns.filter((f) => (f.config.cancel ?? []).some((c) => c.event === event.name));
    if (cancelling.length) await cancelMatchingRuns(tx, cancelling, event, opts.now);
    if (waiters[0].n > 0) await resumeWaiters(tx, event, opts.now);
  }
  for (const b of batches.values())
    runIds.push(...(await appendToBatch(tx, { fn: b.fn, events: b.events, now: opts.now })));
  return { ids, runIds: [...new Set(runIds)] };
}

async function cancelMatchingRuns(
  tx: Sql,
  fns: { id: string; config: FnConfig }[],
  incoming: FnEvent,
  now: Date,
): Promise<void> {
  for (const fn of fns) {
    const rules = (fn.config.cancel ?? []).filter((c) => c.event === incoming.name);
    const runs = await tx<{ id: string; event: FnEvent; created_at: string }[]>`
      select id, event, created_at from job_runs where function_id = ${fn.id} and status in ('queued', 'running', 'sleeping')
      for update`;
    for (const r of runs) {
      const hit = rules.some((rule) => {
        if (rule.timeout && wakeTime(rule.timeout, new Date(r.created_at)).getTime() < now.getTime()) return false;
        // `event` is the run's trigger, `async` the incoming event; unreadable cancels nothing.
        return matches(rule.if, { event: r.event, async: incoming }, false);
      });
      if (hit) await cancelRunTx(tx, r.id, now, `cancelled by event ${incoming.name}`);
    }
  }
}

/** Marks a run cancelled; a call in flight finds the status changed and discards its result. */
export async function cancelRunTx(tx: Sql, runId: string, now: Date, reason: string): Promise<boolean> {
  const rows = await tx<{ function_id: string; event: FnEvent }[]>`
    update job_runs set status = 'cancelled', ended_at = ${now.toISOString()}, error = ${JSON.stringify({ name: "Cancelled", message: reason })}, pending_steps = '{}'
    where id = ${runId} and status in ('queued', 'running', 'sleeping') returning function_id, event`;
  if (rows.length === 0) return false;
  await tx`update job_steps set status = 'failed', ended_at = ${now.toISOString()} where run_id = ${runId} and status in ('sleeping', 'waiting', 'planned', 'running', 'retrying')`;
  await tx`insert into job_events (id, name, data, ts, received_at)
           values (${randomUUID()}, ${cancelledEventName}, ${JSON.stringify({ function_id: rows[0].function_id, run_id: runId, event: rows[0].event })}, ${now.getTime()}, ${now.toISOString()})`;
  return true;
}

/** `step.waitForEvent`: the first matching event becomes the step's result and the run is due now. */
async function resumeWaiters(tx: Sql, incoming: FnEvent, now: Date): Promise<void> {
  const waiting = await tx<{ run_id: string; step_id: string; wait: { event: string; if?: string }; event: FnEvent }[]>`
    select s.run_id, s.step_id, s.output as wait, r.event from job_steps s join job_runs r on r.id = s.run_id
    where s.status = 'waiting' and s.output->>'event' = ${incoming.name} and r.status in ('running', 'sleeping')
    for update of s, r`;
  for (const w of waiting) {
    if (!matches(w.wait.if, { event: w.event, async: incoming }, false)) continue;
    await tx`update job_steps set status = 'completed', output = ${JSON.stringify(incoming)}, ended_at = ${now.toISOString()}
             where run_id = ${w.run_id} and step_id = ${w.step_id}`;
    await tx`update job_runs set stack = array_append(stack, ${w.step_id}::text), status = 'running', next_run_at = ${now.toISOString()}
             where id = ${w.run_id}`;
  }
}

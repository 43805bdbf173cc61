import { randomUUID } from "node:crypto";
import { wakeTime } from "./durations";
import { evaluateKey } from "./expressions";
import { concurrencyOf, maxAttemptsOf, type FnConfig, type Sql } from "./functions";

/** An event as functions receive it. */
export type FnEvent = {
  id: string;
  name: string;
  data: Record<string, unknown>;
  ts: number;
  user?: Record<string, unknown>;
  v?: string;
};

export const idempotencyTtlMs = 24 * 3600_000;
export const scheduledEventName = "inngest/scheduled.timer";
export const failedEventName = "inngest/function.failed";
export const cancelledEventName = "inngest/function.cancelled";

type CreateRun = {
  fn: { id: string; config: FnConfig };
  event: FnEvent;
  eventId?: string | null;
  now: Date;
  /** Overrides the function's own idempotency key (cron fires use `cron:<time>`). */
  idempotencyKey?: string | null;
  /** Replays and "run now" ignore the function's idempotency key. */
  skipIdempotency?: boolean;
  replayOf?: string;
  cronAt?: Date;
};

/** Queues a run; returns its id, or null when an idempotency key already started one. */
export async function createRun(tx: Sql, o: CreateRun): Promise<string | null> {
  const id = randomUUID();
  let key = o.idempotencyKey ?? null;
  if (key === null && !o.skipIdempotency && typeof o.fn.config.idempotency === "string") {
    key = safeKey(o.fn.config.idempotency, o.event);
  }
  if (key !== null) {
    const expires = new Date(o.now.getTime() + idempotencyTtlMs);
    const won = await tx`
      insert into job_idempotency (function_id, key, run_id, expires_at) values (${o.fn.id}, ${key}, ${id}, ${expires.toISOString()})
      on conflict (function_id, key) do update set run_id = excluded.run_id, expires_at = excluded.expires_at
        where job_idempotency.expires_at <= ${o.now.toISOString()}
      returning 1`;
    if (won.length === 0) return null;
  }
  const conc = concurrencyOf(o.fn.config);
  let concurrencyKey: string | null = null;
  if (conc) {
    const value = conc.key ? safeKey(conc.key, o.event) : "";
    // Scope "fn" (the default) keys per function; env/account keys are shared across functions.
    concurrencyKey =
      (conc.scope ?? "fn") === "fn" ? `fn:${o.fn.id}:${value ?? ""}` : `${conc.scope}:${conc.key ?? ""}:${value ?? ""}`;
  }
  await tx`
    insert into job_runs (id, function_id, event_id, event, status, next_run_at, max_attempts, concurrency_key, concurrency_limit, replay_of, cron_at, created_at)
    values (${id}, ${o.fn.id}, ${o.eventId ?? null}, ${JSON.stringify(o.event)}, 'queued', ${o.now.toISOString()}, ${maxAttemptsOf(o.fn.config)},
            ${concurrencyKey}, ${conc?.limit ?? null}, ${o.replayOf ?? null}, ${o.cronAt?.toISOString() ?? null}, ${o.now.toISOString()})`;
  return id;
}

function safeKey(expr: string, event: FnEvent): string | null {
  try {
    return evaluateKey(expr, event as unknown as Record<string, unknown>);
  } catch {
    return null; // an expression this server cannot read keys nothing (README)
  }
}

/**
 * `batchEvents`: adds the events to the function's open batch (a queued run not yet called, below
 * `maxSize`), opening new ones as each fills; an open batch is due after `timeout`, a full one at
 * once. One append per batch run, however many events. SKIP LOCKED: a batch being claimed right
 * now is left alone and the events open the next one. Returns the runs that got events.
 */
export async function appendToBatch(
  tx: Sql,
  o: { fn: { id: string; config: FnConfig }; events: { event: FnEvent; eventId: string }[]; now: Date },
): Promise<string[]> {
  const cfg = (o.fn.config.batchEvents ?? {}) as { maxSize?: number; timeout?: string };
  const max = Math.max(1, Number(cfg.maxSize) || 1);
  const runIds: string[] = [];
  let rest = o.events;
  while (rest.length > 0) {
    const [open] = await tx<{ id: string; n: number }[]>`
      select id, jsonb_array_length(batch) as n from job_runs
      where function_id = ${o.fn.id} and status = 'queued' and batch is not null and started_at is null and jsonb_array_length(batch) < ${max}
      order by created_at limit 1 for update skip locked`;
    if (open) {
      const take = rest.slice(0, max - open.n);
      const full = open.n + take.length >= max;
      await tx`update job_runs set batch = batch || ${JSON.stringify(take.map((t) => t.event))}::jsonb,
        next_run_at = case when ${full} then ${o.now.toISOString()}::timestamptz else next_run_at end where id = ${open.id}`;
      runIds.push(open.id);
      rest = rest.slice(take.length);
      continue;
    }
    const take = rest.slice(0, max);
    const id = await createRun(tx, {
      fn: o.fn,
      event: take[0].event,
      eventId: take[0].eventId,
      now: o.now,
      skipIdempotency: true,
    });
    if (!id) break;
    const due = take.length >= max ? o.now : wakeTime(cfg.timeout ?? "1s", o.now);
    await tx`update job_runs set batch = ${JSON.stringify(take.map((t) => t.event))}::jsonb, next_run_at = ${due.toISOString()} where id = ${id}`;
    runIds.push(id);
    rest = rest.slice(take.length);
  }
  return runIds;
}

import { randomUUID } from "node:crypto";
import type { Sql } from "./functions";
import { failedEventName, type FnEvent } from "./runs";
import { signBody } from "./signing";
import { ingestEventsTx } from "./events";
import { retryAfterMs, wakeTime } from "./durations";

/**
 * Runs functions the way Inngest's executor does (SDK spec, execution version 2): each call POSTs
 * the run's event, its memoised step results and `ctx` to the app's serve URL, signed with the
 * signing key; the SDK answers 206 with ops (a step ran, steps planned, a sleep, …), 200 with the
 * function's result, or an error status with `X-Inngest-No-Retry`.
 */

export type ExecutorContext = {
  sql: Sql;
  /** Origin + serve path of the app, e.g. http://127.0.0.1:3000/api/inngest. */
  serveUrl: string;
  signingKey: string;
  now: () => Date;
  workerId: string;
  leaseMs: number;
  /** Delay before retry number `attempt` (1-based). */
  backoff: (attempt: number) => number;
  /** Called when a run becomes due now, so the loop claims it without waiting for the next poll. */
  wake?: () => void;
  log: (msg: string, extra?: unknown) => void;
};

export type ClaimedRun = {
  id: string;
  function_id: string;
  event: FnEvent;
  /** A `batchEvents` run's events; null for a run of one event. */
  batch: FnEvent[] | null;
  pending_steps: string[];
  stack: string[];
  attempt: number;
  max_attempts: number;
  disable_immediate_execution: boolean;
  status: string;
};

type Op = {
  id: string;
  op: string;
  name?: string;
  displayName?: string;
  data?: unknown;
  error?: Record<string, unknown>;
  opts?: Record<string, unknown>;
};

/**
 * Claims up to `limit` due runs. `FOR UPDATE SKIP LOCKED` lets several workers (or servers) share
 * the queue; a run whose lease expired (its worker died) is due again. Concurrency keys are
 * checked under a transaction advisory lock per key, so two claimers cannot both take the last slot.
 */
export async function claimRuns(ctx: ExecutorContext, limit: number): Promise<ClaimedRun[]> {
  const now = ctx.now();
  const lease = new Date(now.getTime() + ctx.leaseMs);
  return ctx.sql.begin(async (tx) => {
    const candidates = await tx<(ClaimedRun & { concurrency_key: string | null; concurrency_limit: number | null })[]>`
      select id, function_id, event, batch, pending_steps, stack, attempt, max_attempts, disable_immediate_execution, status,
             concurrency_key, concurrency_limit
      from job_runs
      where status in ('queued', 'running', 'sleeping') and next_run_at <= ${now.toISOString()}
        and (claimed_by is null or lease_until < ${now.toISOString()})
      order by next_run_at, created_at
      limit ${limit * 4}
      for update skip locked`;
    const keys = [...new Set(candidates.flatMap((c) => (c.concurrency_key ? [c.concurrency_key] : [])))].sort();
    for (const key of keys) await tx`select pg_advisory_xact_lock(hashtext(${key}))`; // sorted: no lock-order deadlock
    const inFlight = new Map<string, number>();
    if (keys.length) {
      const rows = await tx<{ concurrency_key: string; n: number }[]>`
        select concurrency_key, count(*)::int as n from job_runs
        where concurrency_key = any(${keys}::text[]) and claimed_by is not null and lease_until >= ${now.toISOString()}
          and status in ('queued', 'running', 'sleeping')
        group by concurrency_key`;
      for (const r of rows) inFlight.set(r.concurrency_key, r.n);
    }
    const claimed: ClaimedRun[] = [];
    for (const c of candidates) {
      if (claimed.length >= limit) break;
      if (c.concurrency_key) {
        const n = inFlight.get(c.concurrency_key) ?? 0;
        if (n >= (c.concurrency_limit ?? Infinity)) continue;
        inFlight.set(c.concurrency_key, n + 1);
      }
      claimed.push(c);
    }
    if (claimed.length) {
      await tx`
        update job_runs set claimed_by = ${ctx.workerId}, lease_until = ${lease.toISOString()},
          status = case when status = 'queued' then 'running'::job_run_status else status end,
          started_at = coalesce(started_at, ${now.toISOString()})
        where id = any(${claimed.map((c) => c.id)}::uuid[])`;
    }
    return claimed;
  });
}

/** What a call decided; `continue` means the run is due again at once (next step). */
export type CallOutcome = "continue" | "scheduled" | "finished" | "lost";

/**
 * Makes one call for a claimed run and records its outcome. When `signal` aborts (the server is
 * stopping like a killed process) nothing is written: the lease expires and another worker
 * repeats the call, so a step that was running runs again, as on Inngest.
 */
export async function executeCall(ctx: ExecutorContext, run: ClaimedRun, signal: AbortSignal): Promise<CallOutcome> {
  const now = ctx.now();
  // Sleeps and waits that are over become completed steps (their result is null) before the call.
  const woke =
    run.status !== "sleeping"
      ? []
      : await ctx.sql<{ step_id: string }[]>`
    update job_steps set status = 'completed', output = null, ended_at = ${now.toISOString()}
    where run_id = ${run.id} and status in ('sleeping', 'waiting') and wake_at <= ${now.toISOString()} returning step_id`;
  if (woke.length) {
    run.stack = [...run.stack, ...woke.map((w) => w.step_id).filter((id) => !run.stack.includes(id))];
    await ctx.sql`update job_runs set stack = ${run.stack}::text[], status = 'running' where id = ${run.id}`;
  }
  const steps: Record<string, unknown> = {};
  for (const s of await ctx.sql<
    { step_id: string; status: string; output: unknown; error: Record<string, unknown> | null }[]
  >`
    select step_id, status, output, error from job_steps where run_id = ${run.id} and status in ('completed', 'failed')`) {
    steps[s.step_id] =
      s.status === "completed" ? { type: "data", data: s.output ?? null } : { type: "error", error: s.error ?? {} };
  }
  const stepId = run.pending_steps[0] ?? "step";
  const body = {
    version: 2,
    event: run.event,
    events: run.batch ?? [run.event],
    steps,
    // No `fn_id`: with it the v4 SDK switches to its checkpoint API, which this server does not serve.
    ctx: {
      run_id: run.id,
      attempt: run.attempt,
      max_attempts: run.max_attempts,
      disable_immediate_execution: run.disable_immediate_execution,
      use_api: false,
      stack: { stack: run.stack, current: run.stack.length },
    },
  };
  const url = new URL(ctx.serveUrl);
  url.searchParams.set("fnId", run.function_id);
  url.searchParams.set("stepId", stepId);

  const heartbeat = setInterval(
    () => {
      ctx.sql`update job_runs set lease_until = ${new Date(ctx.now().getTime() + ctx.leaseMs).toISOString()}
            where id = ${run.id} and claimed_by = ${ctx.workerId}`.catch(() => {});
    },
    Math.max(50, ctx.leaseMs / 3),
  );
  const started = Date.now();
  let res: { status: number; headers: Headers; text: string } | { networkError: string };
  try {
    const r = await fetch(url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "X-Inngest-Signature": signBody(body, ctx.signingKey),
        "X-Inngest-Server-Kind": "cloud",
      },
      body: JSON.stringify(body),
      signal,
    });
    res = { status: r.status, headers: r.headers, text: await r.text() };
  } catch (err) {
    res = { networkError: err instanceof Error ? err.message : String(err) };
  } finally {
    clearInterval(heartbeat);
  }
  if (signal.aborted) return "lost";
  const durationMs = Date.now() - started;
  return ctx.sql.begin(async (txRaw) => {
    const tx = txRaw as unknown as Sql;
    const [cur] = await tx<
      { status: string; claimed_by: string | null }[]
    >`select status, claimed_by from job_runs where id = ${run.id} for update`;
    // Cancelled meanwhile, or our lease expired and another worker owns it now: drop the result.
    if (!cur || cur.claimed_by !== ctx.workerId || !["running", "sleeping"].includes(cur.status)) {
      if (cur?.claimed_by === ctx.workerId)
        await tx`update job_runs set claimed_by = null, lease_until = null where id = ${run.id}`;
      return "lost" as const;
    }
    return recordOutcome(ctx, tx, run, stepId, res, durationMs);
  });
}

async function recordOutcome(
  ctx: ExecutorContext,
  tx: Sql,
  run: ClaimedRun,
  stepId: string,
  res: { status: number; headers: Headers; text: string } | { networkError: string },
  durationMs: number,
): Promise<CallOutcome> {
  const now = ctx.now();
  const parsed = "text" in res ? safeJson(res.text) : undefined;
  if ("networkError" in res)
    return retryRun(ctx, tx, run, { name: "NetworkError", message: res.networkError }, null, now);
  if (res.status === 200) return finishRun(ctx, tx, run, "completed", parsed ?? null, null, now);
  if (res.status === 206) {
    const ops = (Array.isArray(parsed) ? parsed : parsed ? [parsed] : []) as Op[];
    return applyOps(ctx, tx, run, ops, res.headers, durationMs, now);
  }
  const error = errorOf(parsed, res.status);
  const noRetry = res.headers.get("x-inngest-no-retry") === "true";
  if (noRetry || run.attempt + 1 >= run.max_attempts) return finishRun(ctx, tx, run, "failed", null, error, now);
  return retryRun(ctx, tx, run, error, retryAfterMs(res.headers.get("retry-after"), now), now);
}

async function applyOps(
  ctx: ExecutorContext,
  tx: Sql,
  run: ClaimedRun,
  ops: Op[],
  headers: Headers,
  durationMs: number,
  now: Date,
): Promise<CallOutcome> {
  let pending = run.pending_steps.slice();
  const stack = run.stack.slice();
  let attempt = run.attempt;
  let nextAt: Date = now;
  let status: "running" | "sleeping" = "running";
  let disableImmediate = run.disable_immediate_execution;
  const sleeps: Date[] = [];
  const done = (id: string) => {
    pending = pending.filter((p) => p !== id);
    if (!stack.includes(id)) stack.push(id);
  };
  const upsertStep = (
    op: Op,
    values: {
      status: string;
      output?: unknown;
      error?: unknown;
      wakeAt?: Date | null;
      countAttempt?: boolean;
      timed?: boolean;
    },
  ) => tx`
    insert into job_steps (run_id, step_id, name, op, status, attempts, output, error, wake_at, started_at, ended_at, duration_ms)
    values (${run.id}, ${op.id}, ${op.displayName ?? op.name ?? op.id}, ${op.op}, ${values.status}, ${values.countAttempt ? 1 : 0},
            ${values.output === undefined || values.output === null ? null : JSON.stringify(values.output)},
            ${values.error ? JSON.stringify(values.error) : null}, ${values.wakeAt?.toISOString() ?? null},
            ${(values.timed ? new Date(now.getTime() - durationMs) : now).toISOString()}, ${values.timed ? now.toISOString() : null}, ${values.timed ? durationMs : null})
    on conflict (run_id, step_id) do update set status = excluded.status, op = excluded.op, name = excluded.name,
      attempts = job_steps.attempts + excluded.attempts, output = excluded.output, error = excluded.error,
      wake_at = excluded.wake_at, ended_at = excluded.ended_at,
      duration_ms = coalesce(job_steps.duration_ms, 0) + coalesce(excluded.duration_ms, 0)`;

  if (ops.filter((o) => o.op === "StepPlanned").length > 1) disableImmediate = true; // parallel steps: Inngest goes step by step from here
  for (const op of ops) {
    switch (op.op) {
      case "StepRun":
      case "Step":
        await upsertStep(op, { status: "completed", output: op.data ?? null, countAttempt: true, timed: true });
        done(op.id);
        attempt = 0;
        break;
      case "StepError": {
        await upsertStep(op, { status: "retrying", error: op.error ?? {}, countAttempt: true, timed: true });
        if (attempt + 1 >= run.max_attempts) {
          // the SDK should have said StepFailed; be safe
          await upsertStep(op, { status: "failed", error: op.error ?? {} });
          done(op.id);
          attempt = 0;
          break;
        }
        attempt += 1;
        pending = [op.id, ...pending.filter((p) => p !== op.id)];
        nextAt = new Date(now.getTime() + (retryAfterMs(headers.get("retry-after"), now) ?? ctx.backoff(attempt)));
        break;
      }
      case "StepFailed":
        // Final: memoised as an error, so the function sees a StepError it may catch.
        await upsertStep(op, { status: "failed", error: op.error ?? {}, countAttempt: true, timed: true });
        done(op.id);
        attempt = 0;
        break;
      case "StepPlanned":
        await tx`insert into job_steps (run_id, step_id, name, op, status) values (${run.id}, ${op.id}, ${op.displayName ?? op.name ?? op.id}, ${op.opts?.type === "step.sendEvent" ? "SendEvent" : "StepRun"}, 'planned')
                 on conflict (run_id, step_id) do nothing`;
        if (!pending.includes(op.id)) pending.push(op.id);
        break;
      case "Sleep": {
        const wake = wakeTime(op.name ?? "0s", now);
        await upsertStep(op, { status: "sleeping", wakeAt: wake });
        pending = pending.filter((p) => p !== op.id);
        sleeps.push(wake);
        break;
      }
      case "WaitForEvent": {
        const timeout = typeof op.opts?.timeout === "string" ? op.opts.timeout : "1w";
        await upsertStep(
          { ...op, name: op.displayName ?? op.id },
          { status: "waiting", output: { event: op.name, if: op.opts?.if }, wakeAt: wakeTime(timeout, now) },
        );
        pending = pending.filter((p) => p !== op.id);
        sleeps.push(wakeTime(timeout, now));
        break;
      }
      case "RunComplete":
        return finishRun(ctx, tx, run, "completed", op.data ?? null, null, now);
      case "DiscoveryRequest":
      case "DeferAdd":
      case "DeferAbort":
        break;
      default:
        return finishRun(
          ctx,
          tx,
          run,
          "failed",
          null,
          {
            name: "UnsupportedOp",
            message: `The local Inngest server does not support ${op.op} (step ${op.displayName ?? op.id})`,
          },
          now,
        );
    }
  }
  // Sleeping only when nothing else can run now (parallel branches still planned run first).
  if (sleeps.length && pending.length === 0 && nextAt.getTime() <= now.getTime()) {
    const [{ due }] = await tx<
      { due: string | null }[]
    >`select min(wake_at) as due from job_steps where run_id = ${run.id} and status in ('sleeping', 'waiting')`;
    nextAt = due ? new Date(due) : new Date(Math.min(...sleeps.map((d) => d.getTime())));
    status = "sleeping";
  }
  // Due again at once: keep the claim (and so the concurrency slot) and make the next call directly.
  const keep = nextAt.getTime() <= now.getTime();
  await tx`update job_runs set pending_steps = ${pending}::text[], stack = ${stack}::text[], attempt = ${attempt}, next_run_at = ${nextAt.toISOString()},
             status = ${status}, disable_immediate_execution = ${disableImmediate}, calls = calls + 1,
             claimed_by = ${keep ? ctx.workerId : null}, lease_until = ${keep ? new Date(now.getTime() + ctx.leaseMs).toISOString() : null}
           where id = ${run.id}`;
  Object.assign(run, { pending_steps: pending, stack, attempt, disable_immediate_execution: disableImmediate, status });
  return keep ? "continue" : "scheduled";
}

async function retryRun(
  ctx: ExecutorContext,
  tx: Sql,
  run: ClaimedRun,
  error: Record<string, unknown>,
  delayMs: number | null | undefined,
  now: Date,
): Promise<CallOutcome> {
  if (run.attempt + 1 >= run.max_attempts) return finishRun(ctx, tx, run, "failed", null, error, now);
  const attempt = run.attempt + 1;
  const nextAt = new Date(now.getTime() + (delayMs ?? ctx.backoff(attempt)));
  ctx.log(`run ${run.id} attempt ${attempt} failed; retrying`, error);
  await tx`update job_runs set attempt = ${attempt}, next_run_at = ${nextAt.toISOString()}, error = ${JSON.stringify(error)}, calls = calls + 1,
             claimed_by = null, lease_until = null where id = ${run.id}`;
  run.attempt = attempt;
  return "scheduled";
}

async function finishRun(
  ctx: ExecutorContext,
  tx: Sql,
  run: ClaimedRun,
  status: "completed" | "failed",
  output: unknown,
  error: Record<string, unknown> | null,
  now: Date,
): Promise<CallOutcome> {
  await tx`update job_runs set status = ${status}, output = ${output === null || output === undefined ? null : JSON.stringify(output)},
             error = ${error ? JSON.stringify(error) : null}, ended_at = ${now.toISOString()}, pending_steps = '{}', calls = calls + 1,
             claimed_by = null, lease_until = null, next_run_at = ${now.toISOString()}
           where id = ${run.id}`;
  if (status === "failed") {
    // onFailure handlers are functions triggered by this event (InngestFunction.getConfig).
    await ingestEventsTx(
      tx,
      [{ name: failedEventName, data: { function_id: run.function_id, run_id: run.id, error, event: run.event } }],
      { now },
    );
    ctx.wake?.();
  }
  return "finished";
}

function safeJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}

function errorOf(parsed: unknown, status: number): Record<string, unknown> {
  if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
    const e = parsed as Record<string, unknown>;
    return { ...e, name: e.name ?? "Error", message: e.message ?? e.error ?? `HTTP ${status}`, status };
  }
  return {
    name: "Error",
    message: typeof parsed === "string" && parsed ? parsed.slice(0, 2000) : `HTTP ${status}`,
    status,
  };
}

export const newWorkerId = () => `w-${randomUUID().slice(0, 8)}`;

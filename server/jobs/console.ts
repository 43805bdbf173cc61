import type { Db } from "@/db/client";
import { type KeysetPage, keysetPage, type PageRequest } from "@/server/domain/page-cursor";
import type { JobRunStatus } from "./types";
import { cancelRunTx } from "./events";
import type { FnConfig, Sql } from "./functions";
import { createRun, type FnEvent } from "./runs";
import { cronEvent } from "./scheduler";

/** Reads and actions behind /ops/jobs. Times are Dates; the server picks up new runs on its next poll. */

export type JobRunSummary = {
  id: string;
  functionId: string;
  functionName: string;
  status: JobRunStatus;
  eventName: string;
  attempt: number;
  stepsDone: number;
  error: { name?: string; message?: string } | null;
  createdAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
  durationMs: number | null;
  replayOf: string | null;
};

export type JobFunctionSummary = {
  id: string;
  name: string;
  appId: string;
  triggers: { event?: string; expression?: string; cron?: string }[];
  cron: string | null;
  nextCronAt: Date | null;
  retries: number;
  concurrency: unknown;
  idempotency: string | null;
  removed: boolean;
  lastRun: JobRunSummary | null;
};

export type JobStepView = {
  stepId: string;
  name: string;
  op: string;
  status: string;
  attempts: number;
  durationMs: number | null;
  error: { name?: string; message?: string; stack?: string } | null;
  outputPreview: string | null;
  wakeAt: Date | null;
  startedAt: Date | null;
  endedAt: Date | null;
};

export type JobRunDetail = JobRunSummary & {
  event: FnEvent;
  output: unknown;
  steps: JobStepView[];
  pendingSteps: string[];
};

const d = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
type RunRow = {
  id: string;
  function_id: string;
  function_name: string;
  status: JobRunStatus;
  event: FnEvent;
  attempt: number;
  steps_done: number;
  error: Record<string, unknown> | null;
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
  replay_of: string | null;
};
const toSummary = (r: RunRow): JobRunSummary => {
  const started = d(r.started_at),
    ended = d(r.ended_at);
  return {
    id: r.id,
    functionId: r.function_id,
    functionName: r.function_name,
    status: r.status,
    eventName: r.event?.name ?? "",
    attempt: r.attempt,
    stepsDone: r.steps_done,
    error: r.error ? { name: r.error.name as string, message: r.error.message as string } : null,
    createdAt: new Date(r.created_at),
    startedAt: started,
    endedAt: ended,
    durationMs: started && ended ? ended.getTime() - started.getTime() : null,
    replayOf: r.replay_of,
  };
};

export async function listJobFunctions(db: Db): Promise<JobFunctionSummary[]> {
  const sql = db.$sql as Sql;
  const fns = await sql<
    {
      id: string;
      name: string;
      app_id: string;
      config: FnConfig;
      cron: string | null;
      next_cron_at: string | null;
      removed_at: string | null;
    }[]
  >`
    select id, name, app_id, config, cron, next_cron_at, removed_at from job_functions order by removed_at nulls first, name`;
  // Each function's last run: the first entry of job_runs_function read backwards, not a pass over every run.
  const last = await sql<RunRow[]>`
    select r.id, r.function_id, f.name as function_name, r.status, r.event, r.attempt, cardinality(r.stack) as steps_done,
           r.error, r.created_at, r.started_at, r.ended_at, r.replay_of
    from job_functions f
    cross join lateral (
      select * from job_runs lr where lr.function_id = f.id order by lr.created_at desc, lr.id desc limit 1
    ) r`;
  const byFn = new Map(last.map((r) => [r.function_id, toSummary(r)]));
  return fns.map((f) => ({
    id: f.id,
    name: f.name,
    appId: f.app_id,
    triggers: (f.config.triggers ?? []) as JobFunctionSummary["triggers"],
    cron: f.cron,
    nextCronAt: d(f.next_cron_at),
    retries: Object.values(f.config.steps ?? {})[0]?.retries?.attempts ?? 3,
    concurrency: f.config.concurrency ?? null,
    idempotency: typeof f.config.idempotency === "string" ? f.config.idempotency : null,
    removed: f.removed_at !== null,
    lastRun: byFn.get(f.id) ?? null,
  }));
}

export type JobRunFilter = { functionId?: string; status?: JobRunStatus | JobRunStatus[] } & Partial<PageRequest>;

/**
 * Runs newest first, a keyset page at a time (job_runs_created, or job_runs_function /
 * job_runs_status under a filter, read backwards).
 */
export async function listJobRuns(db: Db, opts: JobRunFilter = {}): Promise<KeysetPage<JobRunSummary>> {
  const sql = db.$sql as Sql;
  const req: PageRequest = {
    before: opts.before,
    after: opts.after,
    limit: Math.min(Math.max(opts.limit ?? 50, 1), 500),
  };
  const statuses = opts.status === undefined ? [] : Array.isArray(opts.status) ? opts.status : [opts.status];
  const conds = [
    opts.functionId === undefined ? null : sql`r.function_id = ${opts.functionId}`,
    // One status is an equality, so the index's order is the page's; several are a filter on the time order.
    statuses.length === 1
      ? sql`r.status = ${statuses[0]}::job_run_status`
      : statuses.length
        ? sql`r.status = any(${statuses}::job_run_status[])`
        : null,
    req.before ? sql`(r.created_at, r.id) < (${req.before.at}::timestamptz, ${req.before.id}::uuid)` : null,
    req.after ? sql`(r.created_at, r.id) > (${req.after.at}::timestamptz, ${req.after.id}::uuid)` : null,
  ].filter((c) => c !== null);
  const where = conds.reduce((all, c, i) => (i === 0 ? sql`where ${c}` : sql`${all} and ${c}`), sql``);
  const rows = await sql<(RunRow & { page_at: string })[]>`
    select r.id, r.function_id, f.name as function_name, r.status, r.event, r.attempt, cardinality(r.stack) as steps_done,
           r.error, r.created_at, r.created_at::text as page_at, r.started_at, r.ended_at, r.replay_of
    from job_runs r join job_functions f on f.id = r.function_id
    ${where}
    order by ${req.after ? sql`r.created_at asc, r.id asc` : sql`r.created_at desc, r.id desc`}
    limit ${req.limit + 1}`;
  const page = keysetPage(rows, req, (r) => ({ at: r.page_at, id: r.id }));
  return { ...page, rows: page.rows.map(toSummary) };
}

export async function getJobRun(db: Db, runId: string): Promise<JobRunDetail | null> {
  const sql = db.$sql as Sql;
  const [r] = await sql<(RunRow & { output: unknown; pending_steps: string[]; stack: string[] })[]>`
    select r.id, r.function_id, f.name as function_name, r.status, r.event, r.attempt, cardinality(r.stack) as steps_done,
           r.error, r.created_at, r.started_at, r.ended_at, r.replay_of, r.output, r.pending_steps, r.stack
    from job_runs r join job_functions f on f.id = r.function_id where r.id = ${runId}`;
  if (!r) return null;
  const steps = await sql<
    {
      step_id: string;
      name: string;
      op: string;
      status: string;
      attempts: number;
      duration_ms: number | null;
      error: Record<string, unknown> | null;
      output: unknown;
      wake_at: string | null;
      started_at: string | null;
      ended_at: string | null;
    }[]
  >`
    select step_id, name, op, status, attempts, duration_ms, error, output, wake_at, started_at, ended_at from job_steps where run_id = ${runId}`;
  // Steps in the order they finished, then the ones still open.
  const order = (id: string) => {
    const i = r.stack.indexOf(id);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  steps.sort((a, b) => order(a.step_id) - order(b.step_id) || String(a.started_at).localeCompare(String(b.started_at)));
  return {
    ...toSummary(r),
    event: r.event,
    output: r.output,
    pendingSteps: r.pending_steps,
    steps: steps.map((s) => ({
      stepId: s.step_id,
      name: s.name,
      op: s.op,
      status: s.status,
      attempts: s.attempts,
      durationMs: s.duration_ms,
      error: s.error
        ? {
            name: s.error.name as string,
            message: s.error.message as string,
            stack: s.error.stack as string | undefined,
          }
        : null,
      outputPreview: s.output === null || s.output === undefined ? null : preview(s.output),
      wakeAt: d(s.wake_at),
      startedAt: d(s.started_at),
      endedAt: d(s.ended_at),
    })),
  };
}

/** "Run now" for a cron function: a run with the scheduled-timer event, outside the schedule. */
export async function runCronNow(db: Db, functionId: string): Promise<string> {
  const sql = db.$sql as Sql;
  const [fn] = await sql<
    { id: string; config: FnConfig; cron: string | null }[]
  >`select id, config, cron from job_functions where id = ${functionId} and removed_at is null`;
  if (!fn) throw new Error(`No function ${functionId}`);
  if (!fn.cron) throw new Error(`${functionId} has no cron trigger`);
  const now = new Date();
  return (await sql.begin((tx) =>
    createRun(tx as unknown as Sql, { fn, event: cronEvent(fn.cron!, now), now, skipIdempotency: true }),
  ))!;
}

/** Starts a finished run again as a new run with the same event (steps are not reused). */
export async function replayRun(db: Db, runId: string): Promise<string> {
  const sql = db.$sql as Sql;
  const [old] = await sql<
    { function_id: string; event: FnEvent; event_id: string | null; status: string; config: FnConfig }[]
  >`
    select r.function_id, r.event, r.event_id, r.status, f.config from job_runs r join job_functions f on f.id = r.function_id where r.id = ${runId}`;
  if (!old) throw new Error(`No run ${runId}`);
  if (!["failed", "cancelled", "completed"].includes(old.status))
    throw new Error(`Run ${runId} is still ${old.status}`);
  const now = new Date();
  return (await sql.begin((tx) =>
    createRun(tx as unknown as Sql, {
      fn: { id: old.function_id, config: old.config },
      event: old.event,
      eventId: old.event_id,
      now,
      skipIdempotency: true,
      replayOf: runId,
    }),
  ))!;
}

/** Cancels a queued, running or sleeping run; a call in flight finishes in the app but its result is dropped. */
export async function cancelRun(db: Db, runId: string): Promise<boolean> {
  const sql = db.$sql as Sql;
  return sql.begin((tx) => cancelRunTx(tx as unknown as Sql, runId, new Date(), "cancelled from /ops/jobs"));
}

function preview(v: unknown): string {
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
}

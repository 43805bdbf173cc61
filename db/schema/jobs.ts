import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { createdAt, tz } from "./columns";

/**
 * State of the local Inngest-compatible server (server/jobs). Inngest Cloud or a self-hosted
 * Inngest keep their own state; these tables are used only when the product runs its own.
 */

export const jobRunStatuses = ["queued", "running", "sleeping", "completed", "failed", "cancelled"] as const;
export const jobRunStatus = pgEnum("job_run_status", jobRunStatuses);
export const jobStepStatuses = [
  "planned",
  "running",
  "retrying",
  "sleeping",
  "waiting",
  "completed",
  "failed",
] as const;
export const jobStepStatus = pgEnum("job_step_status", jobStepStatuses);

/** A function as the SDK's sync (`POST /fn/register`) described it. */
export const jobFunctions = pgTable(
  "job_functions",
  {
    /** The SDK's composite id, e.g. "booking-ops-mark-completed-bookings". */
    id: text().primaryKey(),
    appId: text().notNull(),
    name: text().notNull(),
    /** The step URL the SDK registered (`…/api/inngest?fnId=…&stepId=step`). */
    url: text().notNull(),
    /** The whole function config from the sync body (triggers, retries, concurrency, cancel, …). */
    config: jsonb().$type<Record<string, unknown>>().notNull(),
    /** Event names this function is triggered by (denormalised from config for the trigger query). */
    eventTriggers: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    cron: text(),
    /** Next cron fire time; only the scheduler leader moves it. */
    nextCronAt: tz(),
    /** Set when a later sync no longer lists the function: it stops being triggered. */
    removedAt: tz(),
    syncedAt: tz().notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (t) => [index("job_functions_event_triggers").using("gin", t.eventTriggers)],
);

/** Every event received on `/e/:key` (and the server's own internal events). */
export const jobEvents = pgTable(
  "job_events",
  {
    id: uuid().primaryKey(),
    /** The sender's own id (`event.id`), e.g. the outbox row id: a second event with it is dropped. */
    externalId: text(),
    name: text().notNull(),
    data: jsonb().$type<Record<string, unknown>>().notNull(),
    user: jsonb().$type<Record<string, unknown>>(),
    /** Sender's timestamp in epoch ms. */
    ts: bigint({ mode: "number" }).notNull(),
    receivedAt: tz().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("job_events_external_id").on(t.externalId),
    index("job_events_name").on(t.name, t.receivedAt.desc()),
  ],
);

/** One run of a function; also its queue item (`next_run_at`, lease). */
export const jobRuns = pgTable(
  "job_runs",
  {
    id: uuid().primaryKey().defaultRandom(),
    functionId: text()
      .notNull()
      .references(() => jobFunctions.id, { onDelete: "cascade" }),
    eventId: uuid().references(() => jobEvents.id, { onDelete: "set null" }),
    /** The event as the function sees it (kept on the run so replay works after events are pruned). */
    event: jsonb().$type<Record<string, unknown>>().notNull(),
    status: jobRunStatus().notNull().default("queued"),
    /** When the queue may next call the app for this run. */
    nextRunAt: tz().notNull(),
    /** Hashed step ids the SDK planned and that still need their own call, in order. */
    pendingSteps: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Hashed step ids in the order they finished: the SDK's `ctx.stack`. */
    stack: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Attempt of the current queue item (0-based), as sent in `ctx.attempt`. */
    attempt: integer().notNull().default(0),
    maxAttempts: integer().notNull(),
    /** Sticky once the SDK reported parallel steps, as Inngest does. */
    disableImmediateExecution: boolean().notNull().default(false),
    concurrencyKey: text(),
    concurrencyLimit: integer(),
    /** Worker holding the run and until when; an expired lease means its worker died. */
    claimedBy: text(),
    leaseUntil: tz(),
    calls: integer().notNull().default(0),
    output: jsonb(),
    error: jsonb().$type<Record<string, unknown>>(),
    replayOf: uuid(),
    cronAt: tz(),
    /** A `batchEvents` run's events (the trigger event first); open to more until its first call. */
    batch: jsonb().$type<Record<string, unknown>[]>(),
    startedAt: tz(),
    endedAt: tz(),
    createdAt: createdAt(),
  },
  (t) => [
    index("job_runs_queue")
      .on(t.nextRunAt)
      .where(sql`${t.status} in ('queued', 'running', 'sleeping')`),
    index("job_runs_concurrency")
      .on(t.concurrencyKey)
      .where(sql`${t.status} = 'running' AND ${t.concurrencyKey} IS NOT NULL`),
    // /ops/jobs: keyset pages of runs newest first (read backwards), all, by function, by status;
    // a function's last run is the first entry of job_runs_function read backwards.
    index("job_runs_function").on(t.functionId, t.createdAt, t.id),
    index("job_runs_status").on(t.status, t.createdAt, t.id),
    index("job_runs_created").on(t.createdAt, t.id),
  ],
);

/** One step of a run: its memoised result is what later calls replay to the SDK. */
export const jobSteps = pgTable(
  "job_steps",
  {
    runId: uuid()
      .notNull()
      .references(() => jobRuns.id, { onDelete: "cascade" }),
    /** The SDK's hashed step id (sha1 of the step name, `:n` for repeats). */
    stepId: text().notNull(),
    name: text().notNull(),
    op: varchar({ length: 40 }).notNull(),
    status: jobStepStatus().notNull(),
    attempts: integer().notNull().default(0),
    output: jsonb(),
    error: jsonb().$type<Record<string, unknown>>(),
    /** For sleeps: when the run wakes. */
    wakeAt: tz(),
    startedAt: tz(),
    endedAt: tz(),
    durationMs: integer(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.stepId] })],
);

/** Idempotency keys per function: a second event with the same key within 24h starts no run. */
export const jobIdempotency = pgTable(
  "job_idempotency",
  {
    functionId: text().notNull(),
    key: text().notNull(),
    runId: uuid(),
    expiresAt: tz().notNull(),
  },
  (t) => [primaryKey({ columns: [t.functionId, t.key] })],
);

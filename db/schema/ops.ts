import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { bookings } from "./bookings";
import { createdAt, tz } from "./columns";
import { alertStatus, automationRunStatus, automationTrigger, severity } from "./enums";

/** Something a human should see. Raised only through server/services/escalation (raise-alert). */
export const alerts = pgTable(
  "alerts",
  {
    id: uuid().primaryKey().defaultRandom(),
    severity: severity().notNull(),
    /** What raised it: a rule or capability, e.g. "refund_failed", "sync", "mass_cancellation". */
    source: varchar({ length: 100 }).notNull(),
    title: text().notNull(),
    details: jsonb()
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    bookingId: uuid().references(() => bookings.id, { onDelete: "set null" }),
    /** Same key while open → the same alert (its count goes up), never a second one. */
    dedupeKey: text(),
    occurrences: integer().notNull().default(1),
    /** Set when this alert was folded into an open one of the same source and severity (raise-alert.ts). */
    groupId: uuid().references((): AnyPgColumn => alerts.id, { onDelete: "cascade" }),
    /** On a group's first alert: how many alerts the group covers, itself included. */
    groupSize: integer().notNull().default(1),
    status: alertStatus().notNull().default("open"),
    acknowledgedAt: tz(),
    acknowledgedBy: text(),
    resolvedAt: tz(),
    resolvedBy: text(),
    /** When a human must have responded (the escalation rule's response time). */
    responseDueAt: tz(),
    lastSeenAt: tz().notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("alerts_open_dedupe")
      .on(t.dedupeKey)
      .where(sql`${t.status} <> 'resolved' AND ${t.dedupeKey} IS NOT NULL`),
    /**
     * The inbox queue (unresolved, most severe first, newest first): read backwards, the top straight
     * from the index. group_id last, so the dashboard's count of shown critical alerts is index-only.
     */
    index("alerts_unresolved")
      .on(t.severity, t.createdAt, t.id, t.groupId)
      .where(sql`${t.status} <> 'resolved'`),
    /** The resolved and "all" views: keyset pages newest first. */
    index("alerts_history").on(t.createdAt, t.id),
    index("alerts_booking").on(t.bookingId),
    index("alerts_group")
      .on(t.groupId)
      .where(sql`${t.groupId} IS NOT NULL`),
    /** The open group a new alert of this source and severity joins. */
    index("alerts_open_group")
      .on(t.source, t.severity, t.lastSeenAt.desc())
      .where(sql`${t.status} = 'open' AND ${t.groupId} IS NULL`),
    index("alerts_unacknowledged")
      .on(t.severity.desc(), t.createdAt.desc())
      .where(sql`${t.status} = 'open'`),
  ],
);

/** A task for the founder, with an owner and a due time. */
export const manualFollowUps = pgTable(
  "manual_follow_ups",
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: varchar({ length: 100 }).notNull(),
    title: text().notNull(),
    details: jsonb()
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    bookingId: uuid().references(() => bookings.id, { onDelete: "set null" }),
    alertId: uuid().references(() => alerts.id, { onDelete: "set null" }),
    priority: severity().notNull().default("medium"),
    owner: text(),
    dueAt: tz().notNull(),
    dedupeKey: text(),
    resolved: boolean().notNull().default(false),
    resolvedAt: tz(),
    resolvedBy: text(),
    resolution: text(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("follow_ups_open_dedupe")
      .on(t.dedupeKey)
      .where(sql`NOT ${t.resolved} AND ${t.dedupeKey} IS NOT NULL`),
    // The queue (open, soonest due first) and the history (resolved, newest first; "all" by
    // creation), each also per owner ("mine"): keyset pages read straight from the index.
    index("follow_ups_open")
      .on(t.dueAt, t.id)
      .where(sql`NOT ${t.resolved}`),
    index("follow_ups_owner_open")
      .on(t.owner, t.dueAt, t.id)
      .where(sql`NOT ${t.resolved}`),
    index("follow_ups_resolved_history")
      .on(t.resolvedAt, t.id)
      .where(sql`${t.resolved}`),
    index("follow_ups_owner_resolved")
      .on(t.owner, t.resolvedAt, t.id)
      .where(sql`${t.resolved}`),
    index("follow_ups_history").on(t.createdAt, t.id),
    index("follow_ups_owner_history").on(t.owner, t.createdAt, t.id),
    index("follow_ups_booking").on(t.bookingId),
  ],
);

/** The spec's auto-resolution rules as data; the founder toggles them. */
export const automationRules = pgTable("automation_rules", {
  id: varchar({ length: 100 }).primaryKey(),
  description: text().notNull(),
  trigger: automationTrigger().notNull(),
  conditions: jsonb().$type<{ field: string; operator: string; value: unknown }[]>().notNull(),
  actions: jsonb().$type<{ type: string; params: Record<string, unknown> }[]>().notNull(),
  enabled: boolean().notNull().default(true),
  /** The outbox event that fires it (e.g. item/status_changed); `trigger` keeps the spec's kind. */
  event: varchar({ length: 100 }).notNull().default(""),
  updatedAt: tz().notNull().defaultNow(),
  /** Who last enabled or disabled it (an operator's e-mail), null for the migration's own rows. */
  updatedBy: text(),
});

export const automationRuns = pgTable(
  "automation_runs",
  {
    id: uuid().primaryKey().defaultRandom(),
    ruleId: varchar({ length: 100 })
      .notNull()
      .references(() => automationRules.id),
    status: automationRunStatus().notNull(),
    bookingId: uuid().references(() => bookings.id, { onDelete: "set null" }),
    /** The event that fired it: its id (the outbox row id) makes a redelivery or replay run nothing twice. */
    eventId: text().notNull(),
    eventName: varchar({ length: 100 }).notNull(),
    context: jsonb().notNull(),
    /** What each action did, in order: { index, type, outcome, detail }. */
    actions: jsonb()
      .$type<{ index: number; type: string; outcome: string; detail: Record<string, unknown> }[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    error: text(),
    startedAt: createdAt(),
    finishedAt: tz(),
  },
  (t) => [
    index("automation_runs_rule").on(t.ruleId, t.startedAt.desc()),
    uniqueIndex("automation_runs_rule_event").on(t.ruleId, t.eventId),
  ],
);

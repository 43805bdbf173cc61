import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, text, unique, uuid, varchar } from "drizzle-orm/pg-core";
import { createdAt, tz } from "./columns";
import { alerts } from "./ops";

/**
 * One row per (alert, channel) an escalation rule notifies: written with the alert (the intent),
 * then marked sent / failed by the function's own step. `skipped` = no channel configured.
 */
export const escalationNotifications = pgTable(
  "escalation_notifications",
  {
    id: uuid().primaryKey().defaultRandom(),
    alertId: uuid()
      .notNull()
      .references(() => alerts.id, { onDelete: "cascade" }),
    ruleId: varchar({ length: 100 }).notNull(),
    channel: varchar({ length: 20 }).notNull(),
    status: varchar({ length: 20 }).notNull().default("pending"),
    attempts: integer().notNull().default(0),
    providerMessageId: text(),
    error: text(),
    sentAt: tz(),
    createdAt: createdAt(),
  },
  (t) => [
    unique("escalation_notifications_once").on(t.alertId, t.channel),
    check("escalation_notifications_channel", sql`${t.channel} IN ('slack', 'email', 'sms')`),
    check("escalation_notifications_status", sql`${t.status} IN ('pending', 'sent', 'failed', 'skipped')`),
    index("escalation_notifications_pending")
      .on(t.createdAt)
      .where(sql`${t.status} IN ('pending', 'failed')`),
  ],
);

/**
 * A rule that must fire at most once per window and key (mass cancellation: one provider, 60 min).
 * Taking the slot is one conditional upsert, so concurrent evaluations cannot both fire.
 */
export const escalationThrottles = pgTable("escalation_throttles", {
  key: text().primaryKey(),
  firedAt: tz().notNull(),
  until: tz().notNull(),
  alertId: uuid().references(() => alerts.id, { onDelete: "set null" }),
});

/** Who did what to an alert or a follow-up, and when (acknowledge, resolve, assign, reschedule). */
export const opsActionHistory = pgTable(
  "ops_action_history",
  {
    id: uuid().primaryKey().defaultRandom(),
    subject: varchar({ length: 20 }).notNull(),
    subjectId: uuid().notNull(),
    action: varchar({ length: 30 }).notNull(),
    actor: text().notNull(),
    note: text(),
    createdAt: createdAt(),
  },
  (t) => [
    check("ops_action_history_subject", sql`${t.subject} IN ('alert', 'follow_up')`),
    index("ops_action_history_subject").on(t.subjectId, t.createdAt.desc()),
  ],
);

/** The local Slack channel (no SLACK_WEBHOOK_URL): every message it was given, as Slack would show it. */
export const localSlackMessages = pgTable(
  "local_slack_messages",
  {
    id: uuid().primaryKey().defaultRandom(),
    text: text().notNull(),
    blocks: jsonb()
      .$type<unknown[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    createdAt: createdAt(),
  },
  // The latest messages under /ops/alerts, read backwards.
  (t) => [index("local_slack_messages_created").on(t.createdAt)],
);

/** Fault injection for the local Slack channel: the next `remaining` posts fail (null: every post). */
export const localSlackFaults = pgTable("local_slack_faults", {
  id: uuid().primaryKey().defaultRandom(),
  kind: varchar({ length: 20 }).notNull(), // "transient" (5xx/429) | "permanent" (4xx, e.g. a revoked webhook)
  remaining: integer(),
  createdAt: createdAt(),
});

import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, varchar, uuid } from "drizzle-orm/pg-core";
import { createdAt, tz } from "./columns";

/**
 * The event outbox: a domain event written in the same transaction as the change it reports.
 * The relay publishes each row to Inngest with the row id as the event id (docs/architecture.md, "Events and jobs").
 */
export const outbox = pgTable(
  "outbox",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: varchar({ length: 100 }).notNull(),
    data: jsonb().$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
    sentAt: tz(),
    attempts: integer().notNull().default(0),
    nextAttemptAt: tz().notNull().defaultNow(),
    lastError: text(),
  },
  (t) => [
    index("outbox_pending")
      .on(t.nextAttemptAt)
      .where(sql`${t.sentAt} IS NULL`),
    index("outbox_name").on(t.name, t.createdAt.desc()),
  ],
);

/** Remembered results of requests made with an idempotency key (API mutations, job steps). */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    key: text().primaryKey(),
    scope: varchar({ length: 100 }).notNull(),
    requestHash: text(),
    response: jsonb(),
    createdAt: createdAt(),
    expiresAt: tz().notNull(),
  },
  (t) => [index("idempotency_keys_expiry").on(t.expiresAt)],
);

/**
 * Sliding-window rate limits: one row per accepted hit on a key, e.g. guest look-ups per address.
 * In PostgreSQL so every app process shares them (server/services/rate-limit/hit-rate-limits.ts).
 */
export const rateLimitHits = pgTable(
  "rate_limit_hits",
  {
    key: text().notNull(),
    /** When this hit leaves the key's window: hits still counting are those not yet expired. */
    expiresAt: tz().notNull(),
  },
  (t) => [
    index("rate_limit_hits_key_expires_idx").on(t.key, t.expiresAt),
    index("rate_limit_hits_expires_idx").on(t.expiresAt),
  ],
);

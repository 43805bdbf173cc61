import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  date,
  index,
  integer,
  pgTable,
  text,
  unique,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { createdAt, currency, minor, tz } from "./columns";
import { manualFollowUps } from "./ops";
import { providers } from "./providers";

// Provider payouts (issue 23 item 4): the statements providers send us, their lines as imported,
// and every difference between a statement and our own ledger as a payout dispute. Kinds and
// types are text with CHECKs (server/domain/statements/types.ts holds the lists), not enums, so a
// later value needs no ALTER TYPE inside the migrator's one transaction.

export const payoutStatements = pgTable(
  "payout_statements",
  {
    id: uuid().primaryKey().defaultRandom(),
    providerCode: varchar({ length: 50 })
      .notNull()
      .references(() => providers.code),
    /** The provider's own id of the statement: importing it again changes nothing. */
    statementId: varchar({ length: 100 }).notNull(),
    currency: currency().notNull(),
    /** The days the statement covers: its lines' first and last `occurred_on`. */
    periodFrom: date({ mode: "string" }).notNull(),
    periodTo: date({ mode: "string" }).notNull(),
    lineCount: integer().notNull(),
    /** Sum of its lines: positive = we owe the provider. */
    totalMinor: minor().notNull(),
    matchedCount: integer().notNull().default(0),
    disputeCount: integer().notNull().default(0),
    fileName: text(),
    importedBy: text().notNull(),
    followUpId: uuid().references(() => manualFollowUps.id),
    createdAt: createdAt(),
  },
  (t) => [
    unique("payout_statements_provider_statement").on(t.providerCode, t.statementId),
    check("payout_statements_period", sql`${t.periodFrom} <= ${t.periodTo}`),
    check("payout_statements_counts", sql`${t.lineCount} >= 0 AND ${t.matchedCount} >= 0 AND ${t.disputeCount} >= 0`),
    check("payout_statements_currency_iso", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    index("idx_payout_statements_provider").on(t.providerCode, t.createdAt, t.id),
  ],
);

export const payoutStatementLines = pgTable(
  "payout_statement_lines",
  {
    id: uuid().primaryKey().defaultRandom(),
    statementId: uuid()
      .notNull()
      .references(() => payoutStatements.id, { onDelete: "cascade" }),
    providerCode: varchar({ length: 50 }).notNull(),
    /** The CSV row (1 = the first line after the header). */
    rowNumber: integer().notNull(),
    lineId: varchar({ length: 100 }).notNull(),
    providerReference: varchar({ length: 255 }).notNull(),
    bookingReference: varchar({ length: 100 }),
    type: varchar({ length: 20 }).notNull(),
    amountMinor: minor().notNull(),
    currency: currency().notNull(),
    occurredOn: date({ mode: "string" }).notNull(),
    description: text(),
    /** matched | mismatched | unknown, set by the matching statement. */
    matchStatus: varchar({ length: 20 }).notNull().default("unknown"),
    ourAmountMinor: bigint({ mode: "number" }),
    bookingItemId: uuid(),
    createdAt: createdAt(),
  },
  (t) => [
    unique("payout_lines_statement_line").on(t.statementId, t.lineId),
    check("payout_lines_type", sql`${t.type} IN ('booking', 'cancellation', 'fee', 'penalty', 'refund', 'adjustment')`),
    check("payout_lines_match", sql`${t.matchStatus} IN ('matched', 'mismatched', 'unknown')`),
    // The console's unmatched lines of a provider, newest first.
    index("idx_payout_lines_unmatched")
      .on(t.providerCode, t.createdAt, t.id)
      .where(sql`${t.matchStatus} <> 'matched'`),
  ],
);

export const payoutDisputes = pgTable(
  "payout_disputes",
  {
    id: uuid().primaryKey().defaultRandom(),
    providerCode: varchar({ length: 50 })
      .notNull()
      .references(() => providers.code),
    statementId: uuid()
      .notNull()
      .references(() => payoutStatements.id),
    lineId: uuid().references(() => payoutStatementLines.id),
    bookingItemId: uuid(),
    /** owe_more | owe_less (amounts differ), unknown_line (not in our ledger), missing_line (not on the statement). */
    kind: varchar({ length: 20 }).notNull(),
    type: varchar({ length: 20 }).notNull(),
    providerReference: varchar({ length: 255 }).notNull(),
    statementAmountMinor: minor(),
    ourAmountMinor: minor(),
    currency: currency().notNull(),
    status: varchar({ length: 10 }).notNull().default("open"),
    resolutionNote: text(),
    resolvedBy: text(),
    resolvedAt: tz(),
    createdAt: createdAt(),
  },
  (t) => [
    check("payout_disputes_kind", sql`${t.kind} IN ('owe_more', 'owe_less', 'unknown_line', 'missing_line')`),
    check("payout_disputes_status", sql`${t.status} IN ('open', 'resolved')`),
    check(
      "payout_disputes_resolution",
      sql`(${t.status} = 'open') = (${t.resolvedAt} IS NULL) AND (${t.status} = 'open' OR coalesce(length(btrim(${t.resolutionNote})), 0) > 0)`,
    ),
    check(
      "payout_disputes_amounts",
      sql`(${t.kind} = 'missing_line' OR ${t.statementAmountMinor} IS NOT NULL) AND (${t.kind} = 'unknown_line' OR ${t.ourAmountMinor} IS NOT NULL)`,
    ),
    // One dispute per statement and difference: matching the same statement twice adds nothing.
    uniqueIndex("payout_disputes_statement_difference").on(t.statementId, t.kind, t.type, t.providerReference),
    index("idx_payout_disputes_provider").on(t.providerCode, t.status, t.createdAt, t.id),
    index("idx_payout_disputes_provider_all").on(t.providerCode, t.createdAt, t.id),
  ],
);

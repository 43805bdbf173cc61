import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, primaryKey, smallint, text, unique, uuid, varchar } from "drizzle-orm/pg-core";
import { sqlList } from "@/db/raw-sql";
import {
  creditEntryKinds,
  creditHoldStatuses,
  type CreditEntryKind,
  type CreditHoldStatus,
} from "@/server/domain/credits/ledger";
import { apiClients } from "./api-clients";
import { users } from "./auth";
import { createdAt, currency, minor, tz } from "./columns";
import { cancellationRequests } from "./changes";
import { paymentTransactions, refunds } from "./payments";

/**
 * Travel credit per account and currency (docs/architecture.md, "Money (second wave)"). Kept only
 * by the entries' trigger (migration credits_ledger), in the transaction that writes the entry:
 * the CHECKs refuse a negative balance and holds above it.
 */
export const creditBalances = pgTable(
  "credit_balances",
  {
    userId: uuid()
      .notNull()
      .references(() => users.id),
    currency: currency().notNull(),
    balanceMinor: minor().notNull().default(0),
    heldMinor: minor().notNull().default(0),
    updatedAt: tz().notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.currency] }),
    check("credit_balances_nonnegative", sql`${t.balanceMinor} >= 0`),
    check("credit_balances_held_within", sql`${t.heldMinor} >= 0 AND ${t.heldMinor} <= ${t.balanceMinor}`),
    check("credit_balances_currency_iso", sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
);

/** Value granted at once with its own expiry; `remaining_minor` is drawn by the entries' trigger. */
export const creditGrants = pgTable(
  "credit_grants",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    currency: currency().notNull(),
    amountMinor: minor().notNull(),
    remainingMinor: minor().notNull(),
    expiresAt: tz().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    check("credit_grants_amount_positive", sql`${t.amountMinor} > 0`),
    check("credit_grants_remaining_within", sql`${t.remainingMinor} >= 0 AND ${t.remainingMinor} <= ${t.amountMinor}`),
    check("credit_grants_currency_iso", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    // Spending and expiry read an account's live grants, soonest expiring first.
    index("credit_grants_live")
      .on(t.userId, t.currency, t.expiresAt)
      .where(sql`${t.remainingMinor} > 0`),
    index("credit_grants_expiring")
      .on(t.expiresAt)
      .where(sql`${t.remainingMinor} > 0`),
  ],
);

/** A checkout's reservation of credit, captured by the intake or released. */
export const creditHolds = pgTable(
  "credit_holds",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    currency: currency().notNull(),
    amountMinor: minor().notNull(),
    status: varchar({ length: 10 }).$type<CreditHoldStatus>().notNull().default("held"),
    clientId: uuid()
      .notNull()
      .references(() => apiClients.id),
    idempotencyKey: text().notNull(),
    expiresAt: tz().notNull(),
    paymentTransactionId: uuid().references(() => paymentTransactions.id),
    createdAt: createdAt(),
    settledAt: tz(),
  },
  (t) => [
    check("credit_holds_amount_positive", sql`${t.amountMinor} > 0`),
    check("credit_holds_status", sql`${t.status} IN ${sqlList(creditHoldStatuses)}`),
    check("credit_holds_currency_iso", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check("credit_holds_captured_payment", sql`(${t.status} = 'captured') = (${t.paymentTransactionId} IS NOT NULL)`),
    unique("credit_holds_idempotency").on(t.clientId, t.idempotencyKey),
    index("credit_holds_open")
      .on(t.expiresAt)
      .where(sql`${t.status} = 'held'`),
  ],
);

/** The append-only ledger: a trigger refuses UPDATE and DELETE, another keeps balances and grants. */
export const creditEntries = pgTable(
  "credit_entries",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    currency: currency().notNull(),
    kind: varchar({ length: 20 }).$type<CreditEntryKind>().notNull(),
    amountMinor: minor().notNull(),
    grantId: uuid().references(() => creditGrants.id),
    holdId: uuid().references(() => creditHolds.id),
    paymentTransactionId: uuid().references(() => paymentTransactions.id),
    refundId: uuid().references(() => refunds.id),
    /** Who wrote it (actor label) and why, for the console. */
    actor: text().notNull(),
    note: text(),
    createdAt: createdAt(),
  },
  (t) => [
    check("credit_entries_amount_positive", sql`${t.amountMinor} > 0`),
    check("credit_entries_kind", sql`${t.kind} IN ${sqlList(creditEntryKinds)}`),
    check("credit_entries_currency_iso", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check(
      "credit_entries_grant",
      sql`(${t.kind} IN ('issue', 'bonus', 'refund_as_credit', 'capture', 'spend', 'expire')) = (${t.grantId} IS NOT NULL)`,
    ),
    check("credit_entries_hold", sql`${t.kind} NOT IN ('hold', 'release', 'capture') OR ${t.holdId} IS NOT NULL`),
    index("credit_entries_account").on(t.userId, t.currency, t.createdAt),
    index("credit_entries_payment")
      .on(t.paymentTransactionId)
      .where(sql`${t.paymentTransactionId} IS NOT NULL`),
    unique("credit_entries_refund").on(t.refundId, t.kind),
  ],
);

/** The founder's credit settings: one row (id 1); absent means the defaults (server/domain/credits/ledger.ts). */
export const creditSettings = pgTable(
  "credit_settings",
  {
    id: smallint().primaryKey().default(1),
    /** Bonus on a card refund taken as travel credit, in basis points (1000 = 10%). */
    refundBonusBps: integer().notNull(),
    updatedAt: tz().notNull().defaultNow(),
    updatedBy: text().notNull(),
  },
  (t) => [
    check("credit_settings_single_row", sql`${t.id} = 1`),
    check("credit_settings_bonus_range", sql`${t.refundBonusBps} BETWEEN 0 AND 10000`),
  ],
);

/**
 * A signed-in owner chose travel credit instead of the card refund of their cancellation, at its
 * confirmation, with the bonus in force then. The card legs of that cancellation's refund are
 * paid to this account's ledger (server/services/credits/refund-as-credit.ts).
 */
export const creditRefundChoices = pgTable(
  "credit_refund_choices",
  {
    cancellationRequestId: uuid()
      .primaryKey()
      .references(() => cancellationRequests.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    bonusBps: integer().notNull(),
    chosenBy: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [check("credit_refund_choices_bonus_range", sql`${t.bonusBps} BETWEEN 0 AND 10000`)],
);

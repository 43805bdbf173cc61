import { sql } from "drizzle-orm";
import { bigint, char, check, index, integer, jsonb, pgTable, text, uuid, varchar } from "drizzle-orm/pg-core";
import { createdAt, tz } from "./columns";

/** One line of a money check: a ledger's total in one currency, ours against the gateway's. */
export type MoneyCheckLineResult = {
  line: string;
  label: string;
  currency: string;
  oursMinor: number;
  gatewayMinor: number;
  /** ours − gateway; anything but 0 turns the run red. */
  differenceMinor: number;
};

/** A row behind a difference: which record disagrees and how (ids only, no personal data). */
export type MoneyCheckDifferenceRow = {
  line: string;
  problem: string;
  currency: string | null;
  ourId: string | null;
  gatewayId: string | null;
  bookingId: string | null;
  oursMinor: number | null;
  gatewayMinor: number | null;
};

/** Rows kept per run: enough to start reconciling by hand; `differenceCount` says how many there were. */
export const MONEY_CHECK_MAX_ROWS = 200;

/**
 * The daily money check (server/services/money-check): per currency, the gateway's own records
 * against ours recounted from rows. A run is `running` until it finishes `green` or `red`, or
 * `failed` when it could not finish (the error kept).
 */
export const moneyChecks = pgTable(
  "money_checks",
  {
    id: uuid().primaryKey().defaultRandom(),
    gateway: varchar({ length: 20 }).notNull(),
    status: varchar({ length: 10 }).notNull().default("running"),
    /** Records created before this instant are compared (later ones may still be in flight). */
    asOf: tz().notNull(),
    startedAt: createdAt(),
    finishedAt: tz(),
    triggeredBy: varchar({ length: 100 }).notNull(),
    lines: jsonb().$type<MoneyCheckLineResult[]>().notNull().default([]),
    differences: jsonb().$type<MoneyCheckDifferenceRow[]>().notNull().default([]),
    differenceCount: integer().notNull().default(0),
    alertId: uuid(),
    error: text(),
  },
  (t) => [
    check("money_checks_status", sql`${t.status} IN ('running', 'green', 'red', 'failed')`),
    check("money_checks_finished", sql`(${t.status} = 'running') = (${t.finishedAt} IS NULL)`),
    check("money_checks_red_has_differences", sql`${t.status} <> 'red' OR ${t.differenceCount} > 0`),
    check("money_checks_green_clean", sql`${t.status} <> 'green' OR ${t.differenceCount} = 0`),
    check(
      "money_checks_rows_bounded",
      sql`jsonb_array_length(${t.differences}) <= ${sql.raw(String(MONEY_CHECK_MAX_ROWS))}`,
    ),
    // The dashboard's line and the page's list, latest first (read backwards, page-cursor keyset).
    index("money_checks_started").on(t.startedAt, t.id),
  ],
);

/**
 * A gateway's records streamed through the payments port for one run (Stripe's balance
 * transactions), staged here so the check compares them in SQL exactly as it compares the local
 * gateway's tables; deleted when the run ends. Written outside any transaction, page by page.
 */
export const moneyCheckGatewayRecords = pgTable(
  "money_check_gateway_records",
  {
    runId: uuid()
      .notNull()
      .references(() => moneyChecks.id, { onDelete: "cascade" }),
    kind: varchar({ length: 12 }).notNull(),
    gatewayId: varchar({ length: 100 }).notNull(),
    paymentIntentId: varchar({ length: 100 }),
    amountMinor: bigint({ mode: "number" }).notNull(),
    currency: char({ length: 3 }).notNull(),
    createdAt: tz().notNull(),
  },
  (t) => [
    check("money_check_records_kind", sql`${t.kind} IN ('charge', 'refund', 'chargeback')`),
    index("money_check_records_run").on(t.runId, t.kind),
  ],
);

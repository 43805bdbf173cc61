import { bigint, bigserial, pgTable, primaryKey, text, varchar } from "drizzle-orm/pg-core";

// The payouts page's balance per provider and currency (server/services/payouts/read-payouts.ts),
// kept by the database the way the dashboard's rollups are (server/services/metrics/README.md):
// statement-level triggers on booking_items and cancellation_requests append one delta row per
// (provider, currency) a statement changed, computed with the rules of `ledgerEntries`; compaction
// folds them into the total. Readers sum total + deltas in one statement.
//
// Currency is text, not char(3): a cancellation's providerCurrency comes from jsonb, and the
// rollup must count whatever the ledger counts ('' stands for a missing one).
const ledgerRollupColumns = () => ({
  providerCode: varchar({ length: 50 }).notNull(),
  currency: text().notNull(),
  /** Positive: we owe the provider (as in the statement format). */
  owedMinor: bigint({ mode: "number" }).notNull(),
  entries: bigint({ mode: "number" }).notNull(),
});

export const providerLedgerTotal = pgTable("provider_ledger_total", ledgerRollupColumns(), (t) => [
  primaryKey({ columns: [t.providerCode, t.currency] }),
]);

/** Append-only; its primary key leads with the provider so a reader's range is one index scan. */
export const providerLedgerDelta = pgTable(
  "provider_ledger_delta",
  { id: bigserial({ mode: "number" }).notNull(), ...ledgerRollupColumns() },
  (t) => [primaryKey({ columns: [t.providerCode, t.id] })],
);

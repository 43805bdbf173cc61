// The money check's registry (docs/architecture.md, "Money (second wave)": each ledger registers
// its own line). A line proves, per currency, that one ledger of ours equals its counterpart and
// names the rows behind any difference. Card payments, refunds and chargebacks register in
// card-lines.ts; travel credit registers from its own ledger's module (see run-money-check.ts for
// where those modules are imported); compensation joins when the passenger-rights issue lands.
import type { SQL } from "drizzle-orm";
import type { Tx } from "@/db/client";
import type { MoneyCheckDifferenceRow } from "@/db/schema";
import type { GatewayName } from "@/server/payments/gateway";

export type MoneyCheckContext = {
  /** A read-only, repeatable-read transaction: every line reads the same snapshot. */
  tx: Tx;
  gateway: GatewayName;
  /** Records created before this instant are compared; later ones may still be in flight. */
  asOf: Date;
  /** The gateway's records as a relation: kind, gateway_id, payment_intent_id, amount_minor, currency, created_at. */
  gatewayRecords: SQL;
  /** Rows behind differences kept per line (the run keeps MONEY_CHECK_MAX_ROWS in all). */
  maxRows: number;
};

export type MoneyCheckLineOutcome = {
  totals: { currency: string; oursMinor: number; gatewayMinor: number }[];
  differences: MoneyCheckDifferenceRow[];
  /** Every difference found, kept or not. */
  differenceCount: number;
};

export type MoneyCheckLine = {
  /** Stable name, stored with each result line. */
  key: string;
  label: string;
  check(ctx: MoneyCheckContext): Promise<MoneyCheckLineOutcome>;
};

const registry = new Map<string, MoneyCheckLine>();

/** Registers a ledger's line; registering the same key again replaces it (module reloads). */
export function registerMoneyCheckLine(line: MoneyCheckLine): void {
  registry.set(line.key, line);
}

export function moneyCheckLines(): MoneyCheckLine[] {
  return [...registry.values()];
}

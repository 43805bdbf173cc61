// The daily money check (issue 23, item 5): every registered line, per currency, in one snapshot;
// the run and the rows behind any difference kept in money_checks; any difference is a critical
// alert carrying those rows. The Stripe path streams the gateway's records through the payments
// port into a staging table first (outside any transaction); the local gateway's records live in
// the same database and are read set-based. Both go through the same lines (compare.ts).
import { eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  MONEY_CHECK_MAX_ROWS,
  type MoneyCheckDifferenceRow,
  type MoneyCheckLineResult,
  moneyCheckGatewayRecords,
  moneyChecks,
} from "@/db/schema";
import { formatMoney } from "@/server/domain/money";
import { paymentGateway } from "@/server/payments";
import type { GatewayBalanceRecord, PaymentGateway } from "@/server/payments/gateway";
import { localBalanceRecordsSql } from "@/server/payments/local-balance-records";
import { raiseAlert } from "@/server/services/escalation/raise-alert";
import { moneyCheckLines } from "./lines";
// Each ledger's module registers its lines on import: card money here, travel credit from its own
// module; compensation's joins the same way when the passenger-rights issue lands.
import "./card-lines";
import "@/server/services/credits/money-check-lines";

/** Records younger than this may still be in flight between the gateway and our rows. */
export const AS_OF_LAG_MS = 10 * 60_000;
/** Rows carried in the alert itself; the page shows every row the run kept. */
const ALERT_ROWS = 50;
const STAGE_BATCH = 1_000;

export type MoneyCheckRun = typeof moneyChecks.$inferSelect;

export async function runMoneyCheck(
  db: Db,
  opts: { triggeredBy: string; now?: Date; gateway?: PaymentGateway },
): Promise<MoneyCheckRun> {
  const gateway = opts.gateway ?? paymentGateway(db);
  const asOf = new Date((opts.now ?? new Date()).getTime() - AS_OF_LAG_MS);
  const [run] = await db
    .insert(moneyChecks)
    .values({ gateway: gateway.name, asOf, triggeredBy: opts.triggeredBy })
    .returning({ id: moneyChecks.id });
  try {
    const records = gateway.name === "local" ? localBalanceRecordsSql(asOf) : await stage(db, run.id, gateway, asOf);
    const { lines, differences, differenceCount } = await checkLines(db, gateway.name, asOf, records);
    return await finish(db, run.id, lines, differences, differenceCount);
  } catch (e) {
    await db
      .update(moneyChecks)
      .set({ status: "failed", finishedAt: new Date(), error: e instanceof Error ? e.message : String(e) })
      .where(eq(moneyChecks.id, run.id));
    throw e;
  } finally {
    await db.delete(moneyCheckGatewayRecords).where(eq(moneyCheckGatewayRecords.runId, run.id));
  }
}

/** Streams the gateway's records into the staging table, a batch per statement, no transaction held. */
async function stage(db: Db, runId: string, gateway: PaymentGateway, asOf: Date): Promise<SQL> {
  let batch: GatewayBalanceRecord[] = [];
  const flush = async () => {
    if (batch.length) await db.insert(moneyCheckGatewayRecords).values(batch.map((r) => ({ runId, ...r })));
    batch = [];
  };
  for await (const r of gateway.listBalanceRecords({ createdBefore: asOf })) {
    batch.push(r);
    if (batch.length >= STAGE_BATCH) await flush();
  }
  await flush();
  return sql`(select kind, gateway_id, payment_intent_id, amount_minor, currency::text as currency, created_at
                from money_check_gateway_records where run_id = ${runId})`;
}

async function checkLines(db: Db, gatewayName: PaymentGateway["name"], asOf: Date, gatewayRecords: SQL) {
  const registered = moneyCheckLines();
  const maxRows = Math.floor(MONEY_CHECK_MAX_ROWS / Math.max(registered.length, 1));
  return db.transaction(
    async (tx) => {
      const lines: MoneyCheckLineResult[] = [];
      const differences: MoneyCheckDifferenceRow[] = [];
      let differenceCount = 0;
      for (const line of registered) {
        const out = await line.check({ tx, gateway: gatewayName, asOf, gatewayRecords, maxRows });
        for (const t of out.totals)
          lines.push({
            line: line.key,
            label: line.label,
            currency: t.currency,
            oursMinor: t.oursMinor,
            gatewayMinor: t.gatewayMinor,
            differenceMinor: t.oursMinor - t.gatewayMinor,
          });
        differences.push(...out.differences.slice(0, maxRows));
        differenceCount += out.differenceCount;
      }
      return { lines, differences, differenceCount };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}

/** Stores the result; a red run raises its critical alert in the same transaction. */
async function finish(
  db: Db,
  runId: string,
  lines: MoneyCheckLineResult[],
  differences: MoneyCheckDifferenceRow[],
  counted: number,
): Promise<MoneyCheckRun> {
  const off = lines.filter((l) => l.differenceMinor !== 0);
  // A total that differs always has rows behind it (the same join); count it anyway, so red can never read green.
  const differenceCount = Math.max(counted, off.length ? 1 : 0);
  const status = differenceCount > 0 ? "red" : "green";
  return db.transaction(async (tx) => {
    let alertId: string | null = null;
    if (status === "red") {
      const what = off.length
        ? off.map((l) => `${l.label} ${l.currency} off by ${formatMoney(l.differenceMinor, l.currency)}`).join("; ")
        : `${differenceCount} records disagree`;
      const alert = await raiseAlert(tx, {
        severity: "critical",
        source: "money_check",
        dedupeKey: `money_check:${runId}`,
        title: `Money check red: ${what}`,
        details: {
          moneyCheckId: runId,
          lines: off,
          differenceCount,
          rows: differences.slice(0, ALERT_ROWS),
          page: `/ops/money-check?run=${runId}`,
        },
      });
      alertId = alert.id;
    }
    const [row] = await tx
      .update(moneyChecks)
      .set({ status, finishedAt: new Date(), lines, differences, differenceCount, alertId })
      .where(eq(moneyChecks.id, runId))
      .returning();
    return row;
  });
}

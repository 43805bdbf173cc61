// Reads for the console: the latest run (the dashboard's one indexed read) and the runs a keyset
// page at a time (/ops/money-check).
import { desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { moneyChecks } from "@/db/schema";
import { keysetPage, type PageRequest } from "@/server/domain/page-cursor";
import { keyset } from "@/server/services/paging/keyset";

const summary = {
  id: moneyChecks.id,
  gateway: moneyChecks.gateway,
  status: moneyChecks.status,
  asOf: moneyChecks.asOf,
  startedAt: moneyChecks.startedAt,
  finishedAt: moneyChecks.finishedAt,
  triggeredBy: moneyChecks.triggeredBy,
  differenceCount: moneyChecks.differenceCount,
  alertId: moneyChecks.alertId,
  error: moneyChecks.error,
};

/** The newest run (money_checks_started), whatever its status: a failed or running one shows as such. */
export async function latestMoneyCheck(db: Db) {
  const [row] = await db
    .select(summary)
    .from(moneyChecks)
    .orderBy(desc(moneyChecks.startedAt), desc(moneyChecks.id))
    .limit(1);
  return row ?? null;
}

export async function listMoneyChecks(db: Db, req: PageRequest) {
  const k = keyset(req, moneyChecks.startedAt, moneyChecks.id);
  const rows = await db
    .select({ ...summary, lines: moneyChecks.lines, pageAt: k.pageAt })
    .from(moneyChecks)
    .where(k.where)
    .orderBy(...k.orderBy)
    .limit(k.limit);
  return keysetPage(rows, req, (r) => ({ at: r.pageAt, id: r.id }));
}

/** One run with the rows behind its differences. */
export async function getMoneyCheck(db: Db, id: string) {
  const [row] = await db.select().from(moneyChecks).where(eq(moneyChecks.id, id));
  return row ?? null;
}

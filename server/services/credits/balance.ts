import { and, asc, eq, gt, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { creditBalances, creditGrants, creditHolds } from "@/db/schema";
import type { BalanceAnswer } from "@/server/domain/credits/api";

/**
 * An account's travel credit per currency at `now`: unexpired grants (a grant past its expiry no
 * longer counts, even before the daily job writes its `expire` entry), what is held, what is free.
 */
export async function creditBalance(
  db: Db,
  userId: string,
  opts: { currency?: string; now?: Date } = {},
): Promise<BalanceAnswer> {
  const now = opts.now ?? new Date();
  const only = (
    col: typeof creditBalances.currency | typeof creditGrants.currency | typeof creditHolds.currency,
  ): SQL | undefined => (opts.currency ? eq(col, opts.currency) : undefined);
  const [rows, grants, live] = await Promise.all([
    db
      .select()
      .from(creditBalances)
      .where(and(eq(creditBalances.userId, userId), only(creditBalances.currency)))
      .orderBy(asc(creditBalances.currency)),
    db
      .select({
        currency: creditGrants.currency,
        remainingMinor: creditGrants.remainingMinor,
        expiresAt: creditGrants.expiresAt,
      })
      .from(creditGrants)
      .where(
        and(
          eq(creditGrants.userId, userId),
          only(creditGrants.currency),
          gt(creditGrants.remainingMinor, 0),
          gt(creditGrants.expiresAt, now),
        ),
      )
      .orderBy(asc(creditGrants.expiresAt), asc(creditGrants.id)),
    // Holds past their 30 minutes no longer reserve anything, even before they are ended.
    db
      .select({
        currency: creditHolds.currency,
        held: sql<number>`sum(${creditHolds.amountMinor})::bigint`.mapWith(Number),
      })
      .from(creditHolds)
      .where(
        and(
          eq(creditHolds.userId, userId),
          only(creditHolds.currency),
          eq(creditHolds.status, "held"),
          gt(creditHolds.expiresAt, now),
        ),
      )
      .groupBy(creditHolds.currency),
  ]);
  return {
    account: userId,
    balances: rows.map((b) => {
      const usable = grants.filter((g) => g.currency === b.currency);
      const unexpired = usable.reduce((s, g) => s + g.remainingMinor, 0);
      const heldMinor = live.find((h) => h.currency === b.currency)?.held ?? 0;
      return {
        currency: b.currency,
        availableMinor: Math.max(unexpired - heldMinor, 0),
        heldMinor,
        grants: usable.map((g) => ({ remainingMinor: g.remainingMinor, expiresAt: g.expiresAt.toISOString() })),
      };
    }),
  };
}

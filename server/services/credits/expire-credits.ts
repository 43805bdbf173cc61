// The daily credit job (inngest/functions/credit-expiry.ts): holds past their 30 minutes are given
// back, then what is left of each grant past its expiry becomes an `expire` entry. Each row in its
// own small transaction; a rerun finds only what is still to do.
import { and, asc, eq, gt, lte } from "drizzle-orm";
import type { Db } from "@/db/client";
import { creditBalances, creditGrants, creditHolds } from "@/db/schema";
import { recordEvent } from "@/server/services/events/record-event";
import { endHold } from "./holds";
import { writeEntries } from "./ledger";

const BATCH = 500;
const actor = "system:credits";

export async function expireCredits(
  db: Db,
  now: Date,
): Promise<{ holds: number; grants: number; expiredMinor: number }> {
  let holds = 0;
  for (;;) {
    const due = await db
      .select({ id: creditHolds.id })
      .from(creditHolds)
      .where(and(eq(creditHolds.status, "held"), lte(creditHolds.expiresAt, now)))
      .orderBy(asc(creditHolds.expiresAt))
      .limit(BATCH);
    for (const { id } of due)
      await db.transaction(async (tx) => {
        const [h] = await tx.select().from(creditHolds).where(eq(creditHolds.id, id)).for("update");
        if (h?.status !== "held") return;
        await endHold(tx, h, "expired", actor, now);
        holds++;
      });
    if (due.length < BATCH) break;
  }

  let grants = 0;
  let expiredMinor = 0;
  const due = await db
    .select({ id: creditGrants.id })
    .from(creditGrants)
    .where(and(gt(creditGrants.remainingMinor, 0), lte(creditGrants.expiresAt, now)))
    .orderBy(asc(creditGrants.expiresAt));
  for (const { id } of due)
    await db.transaction(async (tx) => {
      const [g] = await tx.select().from(creditGrants).where(eq(creditGrants.id, id)).for("update");
      if (!g || g.remainingMinor === 0) return;
      const [b] = await tx
        .select()
        .from(creditBalances)
        .where(and(eq(creditBalances.userId, g.userId), eq(creditBalances.currency, g.currency)))
        .for("update");
      // A live hold may still count on this value (placed before the expiry): what it reserves stays
      // until the hold ends (it can no longer be captured from an expired grant); the next run takes it.
      const amount = Math.min(g.remainingMinor, b.balanceMinor - b.heldMinor);
      if (amount <= 0) return;
      await writeEntries(tx, [
        { userId: g.userId, currency: g.currency, kind: "expire", amountMinor: amount, grantId: g.id, actor },
      ]);
      await recordEvent(tx, "credit/expired", {
        grantId: g.id,
        userId: g.userId,
        amountMinor: amount,
        currency: g.currency,
      });
      grants++;
      expiredMinor += amount;
    });
  return { holds, grants, expiredMinor };
}

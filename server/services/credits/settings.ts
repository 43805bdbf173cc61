// The founder's travel-credit settings (console: Automation page): the bonus on a card refund
// taken as credit. One row; until the founder saves one, the default applies.
import { eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { actorLabel, type Actor } from "@/server/domain/actor";
import { creditSettings } from "@/db/schema";
import { DEFAULT_REFUND_BONUS_BPS } from "@/server/domain/credits/ledger";
import { DomainError } from "@/server/domain/errors";
import { recordEvent } from "@/server/services/events/record-event";

export type CreditSettings = { refundBonusBps: number; updatedAt: Date | null; updatedBy: string | null };

export async function getCreditSettings(db: Db | Tx): Promise<CreditSettings> {
  const [row] = await db.select().from(creditSettings).where(eq(creditSettings.id, 1));
  return row
    ? { refundBonusBps: row.refundBonusBps, updatedAt: row.updatedAt, updatedBy: row.updatedBy }
    : { refundBonusBps: DEFAULT_REFUND_BONUS_BPS, updatedAt: null, updatedBy: null };
}

/** Sets the bonus (basis points, 0–10,000), with its audit event; a choice keeps the bonus it was made with. */
export async function setRefundBonus(db: Db, input: { refundBonusBps: number; by: Actor }): Promise<CreditSettings> {
  const bps = input.refundBonusBps;
  if (!Number.isInteger(bps) || bps < 0 || bps > 10_000)
    throw new DomainError("invalid", "The bonus must be a whole number of basis points from 0 to 10,000 (100%)", {
      field: "refundBonusBps",
    });
  await db.transaction(async (tx) => {
    await tx
      .insert(creditSettings)
      .values({ id: 1, refundBonusBps: bps, updatedBy: actorLabel(input.by) })
      .onConflictDoUpdate({
        target: creditSettings.id,
        set: { refundBonusBps: bps, updatedBy: actorLabel(input.by), updatedAt: sql`now()` },
      });
    await recordEvent(tx, "credit/settings_changed", { refundBonusBps: bps, by: input.by });
  });
  return getCreditSettings(db);
}

// The one writer of credit ledger entries (db/schema/credits.ts). The entries' trigger moves the
// balance row and the grant in the same statement; its CHECKs refuse an overdraft, which this
// file turns into a CreditRefused naming the amount.
import { and, asc, eq, gt } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { pgRefusalOf } from "@/db/pg-errors";
import { creditEntries, creditGrants } from "@/db/schema";
import { drawFromGrants, type CreditEntryKind } from "@/server/domain/credits/ledger";
import { formatMoney } from "@/server/domain/money";
import { recordEvent } from "@/server/services/events/record-event";
import { CreditRefused } from "./credit-refused";

export type Entry = typeof creditEntries.$inferInsert;

const overdraft = new Set([
  "credit_balances_nonnegative",
  "credit_balances_held_within",
  "credit_grants_remaining_within",
]);

/** Writes entries; an overdraft refused by the database becomes a 422 on `amountMinor`. */
export async function writeEntries(tx: Db | Tx, entries: Entry[]): Promise<void> {
  if (entries.length === 0) return;
  try {
    // A savepoint: the caller's transaction survives the refusal and can answer with it.
    await tx.transaction(async (sp) => {
      await sp.insert(creditEntries).values(entries);
    });
  } catch (e) {
    const pg = pgRefusalOf(e);
    if (pg?.code === "23514" && pg.constraint && overdraft.has(pg.constraint)) {
      const { currency, amountMinor } = entries[0];
      throw new CreditRefused(
        422,
        "amountMinor",
        `${formatMoney(amountMinor, currency)} is more than the credit available`,
      );
    }
    throw e;
  }
}

export type GrantInput = {
  userId: string;
  currency: string;
  amountMinor: number;
  expiresAt: Date;
  kind: "issue" | "bonus" | "refund_as_credit";
  actor: string;
  refundId?: string | null;
  paymentTransactionId?: string | null;
  note?: string | null;
};

/** Adds value: a grant with its own expiry, its entry and `credit/granted`. */
export async function grantCredit(tx: Tx, g: GrantInput): Promise<string> {
  const [grant] = await tx
    .insert(creditGrants)
    .values({
      userId: g.userId,
      currency: g.currency,
      amountMinor: g.amountMinor,
      remainingMinor: g.amountMinor,
      expiresAt: g.expiresAt,
    })
    .returning({ id: creditGrants.id });
  await writeEntries(tx, [
    {
      userId: g.userId,
      currency: g.currency,
      kind: g.kind,
      amountMinor: g.amountMinor,
      grantId: grant.id,
      refundId: g.refundId ?? null,
      paymentTransactionId: g.paymentTransactionId ?? null,
      actor: g.actor,
      note: g.note ?? null,
    },
  ]);
  await recordEvent(tx, "credit/granted", {
    grantId: grant.id,
    userId: g.userId,
    kind: g.kind,
    amountMinor: g.amountMinor,
    currency: g.currency,
    expiresAt: g.expiresAt.toISOString(),
  });
  return grant.id;
}

/**
 * Takes value out of the account's live grants, the soonest expiring first (locked in that order,
 * so concurrent draws queue rather than deadlock): one `capture` or `spend` entry per grant.
 */
export async function drawCredit(
  tx: Tx,
  d: {
    userId: string;
    currency: string;
    amountMinor: number;
    kind: Extract<CreditEntryKind, "capture" | "spend">;
    actor: string;
    now: Date;
    holdId?: string | null;
    paymentTransactionId?: string | null;
    note?: string | null;
  },
): Promise<void> {
  const grants = await tx
    .select({ id: creditGrants.id, remainingMinor: creditGrants.remainingMinor, expiresAt: creditGrants.expiresAt })
    .from(creditGrants)
    .where(
      and(eq(creditGrants.userId, d.userId), eq(creditGrants.currency, d.currency), gt(creditGrants.remainingMinor, 0)),
    )
    .orderBy(asc(creditGrants.expiresAt), asc(creditGrants.id))
    .for("update");
  const draws = drawFromGrants(d.amountMinor, grants, d.now);
  if (!draws)
    throw new CreditRefused(
      422,
      "amountMinor",
      `${formatMoney(d.amountMinor, d.currency)} is more than the unexpired credit of this account`,
    );
  await writeEntries(
    tx,
    draws.map((x) => ({
      userId: d.userId,
      currency: d.currency,
      kind: d.kind,
      amountMinor: x.amountMinor,
      grantId: x.grantId,
      holdId: d.holdId ?? null,
      paymentTransactionId: d.paymentTransactionId ?? null,
      actor: d.actor,
      note: d.note ?? null,
    })),
  );
}

// Holds on travel credit (docs/architecture.md, "Money (second wave)"): a checkout reserves credit
// (POST /api/v1/credits/holds), the intake captures it in the booking's own transaction, or the
// checkout releases it. A hold never exceeds the unexpired credit not already held.
import { and, asc, eq, gt, lte, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { creditBalances, creditGrants, creditHolds, users } from "@/db/schema";
import { HOLD_TTL_MS } from "@/server/domain/credits/ledger";
import { formatMoney } from "@/server/domain/money";
import { recordEvent } from "@/server/services/events/record-event";
import { CreditRefused } from "./credit-refused";
import { drawCredit, writeEntries } from "./ledger";

export type HoldView = {
  id: string;
  account: string;
  amountMinor: number;
  currency: string;
  status: string;
  expiresAt: Date;
};

const view = (h: typeof creditHolds.$inferSelect): HoldView => ({
  id: h.id,
  account: h.userId,
  amountMinor: h.amountMinor,
  currency: h.currency,
  status: h.status,
  expiresAt: h.expiresAt,
});

/** Unexpired credit not held, with the balance row locked (concurrent holds on one account queue). */
async function availableCredit(tx: Tx, userId: string, currency: string, now: Date) {
  const [b] = await tx
    .select({ held: creditBalances.heldMinor })
    .from(creditBalances)
    .where(and(eq(creditBalances.userId, userId), eq(creditBalances.currency, currency)))
    .for("update");
  const [g] = await tx
    .select({ live: sql<number>`coalesce(sum(${creditGrants.remainingMinor}), 0)::bigint`.mapWith(Number) })
    .from(creditGrants)
    .where(
      and(
        eq(creditGrants.userId, userId),
        eq(creditGrants.currency, currency),
        gt(creditGrants.remainingMinor, 0),
        gt(creditGrants.expiresAt, now),
      ),
    );
  return { exists: !!b, availableMinor: g.live - (b?.held ?? 0) };
}

export async function placeHold(
  db: Db,
  clientId: string,
  input: { account: string; amountMinor: number; currency: string; idempotencyKey: string },
  now = new Date(),
): Promise<{ hold: HoldView; replayed: boolean }> {
  return db.transaction(async (tx) => {
    const [same] = await tx
      .select()
      .from(creditHolds)
      .where(and(eq(creditHolds.clientId, clientId), eq(creditHolds.idempotencyKey, input.idempotencyKey)));
    if (same) {
      if (same.userId !== input.account || same.amountMinor !== input.amountMinor || same.currency !== input.currency)
        throw new CreditRefused(409, "idempotencyKey", "This idempotency key already placed a different hold");
      return { hold: view(same), replayed: true };
    }
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, input.account));
    if (!user) throw new CreditRefused(404, "account", `There is no account ${input.account}`);
    // A checkout that walked away without releasing: its stale holds end now, not at the daily job.
    const stale = await tx
      .select()
      .from(creditHolds)
      .where(
        and(
          eq(creditHolds.userId, input.account),
          eq(creditHolds.currency, input.currency),
          eq(creditHolds.status, "held"),
          lte(creditHolds.expiresAt, now),
        ),
      )
      .orderBy(asc(creditHolds.id))
      .for("update");
    for (const h of stale) await endHold(tx, h, "expired", "system:credits", now);
    const { exists, availableMinor } = await availableCredit(tx, input.account, input.currency, now);
    if (!exists) {
      const other = await tx
        .select({ currency: creditBalances.currency })
        .from(creditBalances)
        .where(and(eq(creditBalances.userId, input.account), gt(creditBalances.balanceMinor, 0)));
      if (other.length)
        throw new CreditRefused(
          422,
          "currency",
          `This account's credit is in ${other.map((o) => o.currency).join(", ")}, not ${input.currency}`,
        );
    }
    if (input.amountMinor > availableMinor)
      throw new CreditRefused(
        422,
        "amountMinor",
        `Only ${formatMoney(Math.max(availableMinor, 0), input.currency)} of credit is available`,
      );
    const [hold] = await tx
      .insert(creditHolds)
      .values({
        userId: input.account,
        currency: input.currency,
        amountMinor: input.amountMinor,
        clientId,
        idempotencyKey: input.idempotencyKey,
        expiresAt: new Date(now.getTime() + HOLD_TTL_MS),
      })
      .returning();
    await writeEntries(tx, [
      {
        userId: hold.userId,
        currency: hold.currency,
        kind: "hold",
        amountMinor: hold.amountMinor,
        holdId: hold.id,
        actor: `api_client:${clientId}`,
      },
    ]);
    await recordEvent(tx, "credit/hold_placed", {
      holdId: hold.id,
      userId: hold.userId,
      amountMinor: hold.amountMinor,
      currency: hold.currency,
      expiresAt: hold.expiresAt.toISOString(),
    });
    return { hold: view(hold), replayed: false };
  });
}

async function lockHold(tx: Tx, clientId: string, holdId: string) {
  const [h] = await tx.select().from(creditHolds).where(eq(creditHolds.id, holdId)).for("update");
  return h && h.clientId === clientId ? h : null;
}

/** Ends a held hold (released by the checkout, or expired by the daily job); its value is free again. */
export async function endHold(
  tx: Tx,
  h: typeof creditHolds.$inferSelect,
  to: "released" | "expired",
  actor: string,
  now: Date,
) {
  await tx.update(creditHolds).set({ status: to, settledAt: now }).where(eq(creditHolds.id, h.id));
  await writeEntries(tx, [
    {
      userId: h.userId,
      currency: h.currency,
      kind: "release",
      amountMinor: h.amountMinor,
      holdId: h.id,
      actor,
      note: to,
    },
  ]);
  await recordEvent(tx, "credit/hold_settled", { holdId: h.id, userId: h.userId, to, bookingId: null });
}

/** The checkout gives a hold back; releasing it again answers the same. */
export async function releaseHold(db: Db, clientId: string, holdId: string, now = new Date()): Promise<HoldView> {
  return db.transaction(async (tx) => {
    const h = await lockHold(tx, clientId, holdId);
    if (!h) throw new CreditRefused(404, "id", `There is no hold ${holdId}`);
    if (h.status === "released") return view(h);
    if (h.status !== "held") throw new CreditRefused(409, "id", `This hold was already ${h.status}`);
    await endHold(tx, h, "released", `api_client:${clientId}`, now);
    return { ...view(h), status: "released" };
  });
}

/**
 * Captures a hold for a credit tender, in the intake's transaction: the tender's amount is drawn
 * from the grants (soonest expiring first) and the rest of the hold is released. Refusals name the
 * tender's field (the caller prefixes `tenders.N.`).
 */
export async function captureHold(
  tx: Tx,
  c: {
    clientId: string;
    holdId: string;
    amountMinor: number;
    currency: string;
    paymentTransactionId: string;
    bookingId: string;
    now: Date;
  },
): Promise<void> {
  const h = await lockHold(tx, c.clientId, c.holdId);
  if (!h) throw new CreditRefused(422, "holdId", `There is no hold ${c.holdId}`);
  if (h.status !== "held") throw new CreditRefused(422, "holdId", `This hold was ${h.status}`);
  if (h.expiresAt <= c.now) throw new CreditRefused(422, "holdId", "This hold has expired");
  if (h.currency !== c.currency)
    throw new CreditRefused(422, "currency", `The hold is in ${h.currency}, not ${c.currency}`);
  if (c.amountMinor > h.amountMinor)
    throw new CreditRefused(
      422,
      "amountMinor",
      `The hold is for ${formatMoney(h.amountMinor, h.currency)}, less than ${formatMoney(c.amountMinor, c.currency)}`,
    );
  const actor = `api_client:${c.clientId}`;
  await tx
    .update(creditHolds)
    .set({ status: "captured", paymentTransactionId: c.paymentTransactionId, settledAt: c.now })
    .where(eq(creditHolds.id, h.id));
  await drawCredit(tx, {
    userId: h.userId,
    currency: h.currency,
    amountMinor: c.amountMinor,
    kind: "capture",
    actor,
    now: c.now,
    holdId: h.id,
    paymentTransactionId: c.paymentTransactionId,
  });
  const rest = h.amountMinor - c.amountMinor;
  if (rest > 0)
    await writeEntries(tx, [
      {
        userId: h.userId,
        currency: h.currency,
        kind: "release",
        amountMinor: rest,
        holdId: h.id,
        actor,
        note: "not captured",
      },
    ]);
  await recordEvent(tx, "credit/hold_settled", {
    holdId: h.id,
    userId: h.userId,
    to: "captured",
    bookingId: c.bookingId,
  });
}

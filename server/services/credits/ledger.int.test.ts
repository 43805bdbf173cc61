import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { provideDb } from "@/db/client";
import { creditBalances, creditEntries, creditGrants, creditHolds, outbox } from "@/db/schema";
import { opsActor } from "@/server/domain/actor";
import { createApiClient } from "@/server/services/api-clients/manage-clients";
import { createTestDb } from "@/tests/db";
import { giveCredit, travelerAccount } from "@/tests/fixtures/credits";
import { creditBalance } from "./balance";
import { CreditRefused } from "./credit-refused";
import { expireCredits } from "./expire-credits";
import { placeHold, releaseHold } from "./holds";

// The travel-credit ledger on the real PostgreSQL: its invariants held by the database itself, holds,
// and the daily expiry with an injected clock (the checkout's API: credits-api.int.test.ts).
const db = await createTestDb();
provideDb(db);
const founder = opsActor("founder@example.com");
let clientId = "";
const day = 86_400_000;
const now = new Date("2027-03-01T12:00:00Z");
const inDays = (n: number) => new Date(now.getTime() + n * day);

beforeAll(async () => {
  const client = await createApiClient(db, { name: "checkout", actor: founder });
  clientId = client.id;
});

const balanceRow = async (userId: string, currency = "EUR") =>
  (
    await db
      .select()
      .from(creditBalances)
      .where(and(eq(creditBalances.userId, userId), eq(creditBalances.currency, currency)))
  )[0];
/** The message PostgreSQL refused a statement with (drizzle wraps it). */
const pgMessage = (p: Promise<unknown>) =>
  p.then(
    () => "accepted",
    (e: { cause?: { message?: string } }) => e.cause?.message ?? String(e),
  );
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => (e instanceof CreditRefused ? { status: e.status, field: e.field } : e),
  );

describe("the ledger in the database", () => {
  it("refuses to update or delete an entry", async () => {
    const user = await travelerAccount(db);
    await giveCredit(db, user, 5_000, "EUR", inDays(90));
    const update = db.execute(sql`update credit_entries set amount_minor = 9999 where user_id = ${user}`);
    expect(await pgMessage(update)).toMatch(/append-only/);
    expect(await pgMessage(db.execute(sql`delete from credit_entries where user_id = ${user}`))).toMatch(/append-only/);
    expect((await balanceRow(user)).balanceMinor).toBe(5_000);
  });

  it("refuses an entry that would take the balance below 0 or hold more than it", async () => {
    const user = await travelerAccount(db);
    const grant = await giveCredit(db, user, 5_000, "EUR", inDays(90));
    const spend = (amount: number) =>
      db
        .insert(creditEntries)
        .values({ userId: user, currency: "EUR", kind: "spend", amountMinor: amount, grantId: grant, actor: "test" });
    expect(await pgMessage(spend(5_001))).toMatch(/credit_balances_nonnegative|credit_grants_remaining_within/);
    const [h] = await db
      .insert(creditHolds)
      .values({
        userId: user,
        currency: "EUR",
        amountMinor: 6_000,
        clientId,
        idempotencyKey: "raw",
        expiresAt: inDays(1),
      })
      .returning();
    expect(
      await pgMessage(
        db
          .insert(creditEntries)
          .values({ userId: user, currency: "EUR", kind: "hold", amountMinor: 6_000, holdId: h.id, actor: "test" }),
      ),
    ).toMatch(/credit_balances_held_within/);
    // The hold row alone never exists outside a test: written with its entry in one transaction.
    await db.update(creditHolds).set({ status: "released" }).where(eq(creditHolds.id, h.id));
    // An entry in another currency than its grant would move the wrong balance.
    expect(
      await pgMessage(
        db
          .insert(creditEntries)
          .values({ userId: user, currency: "USD", kind: "spend", amountMinor: 1, grantId: grant, actor: "test" }),
      ),
    ).toMatch(/another account or currency/);
    await spend(5_000);
    expect(await balanceRow(user)).toMatchObject({ balanceMinor: 0, heldMinor: 0 });
    const [g] = await db.select().from(creditGrants).where(eq(creditGrants.id, grant));
    expect(g.remainingMinor).toBe(0);
  });
});

describe("holds", () => {
  it("holds up to the available credit, refuses more, another currency, and replays its idempotency key", async () => {
    const user = await travelerAccount(db);
    await giveCredit(db, user, 10_000, "EUR", inDays(90));
    const first = await placeHold(
      db,
      clientId,
      { account: user, amountMinor: 7_000, currency: "EUR", idempotencyKey: "a" },
      now,
    );
    expect(first.replayed).toBe(false);
    expect(
      await refusal(
        placeHold(db, clientId, { account: user, amountMinor: 3_001, currency: "EUR", idempotencyKey: "b" }, now),
      ),
    ).toEqual({
      status: 422,
      field: "amountMinor",
    });
    expect(
      await refusal(
        placeHold(db, clientId, { account: user, amountMinor: 100, currency: "USD", idempotencyKey: "c" }, now),
      ),
    ).toEqual({
      status: 422,
      field: "currency",
    });
    const again = await placeHold(
      db,
      clientId,
      { account: user, amountMinor: 7_000, currency: "EUR", idempotencyKey: "a" },
      now,
    );
    expect(again).toMatchObject({ replayed: true, hold: { id: first.hold.id } });
    expect(
      await refusal(
        placeHold(db, clientId, { account: user, amountMinor: 7_001, currency: "EUR", idempotencyKey: "a" }, now),
      ),
    ).toEqual({
      status: 409,
      field: "idempotencyKey",
    });
    expect(await balanceRow(user)).toMatchObject({ balanceMinor: 10_000, heldMinor: 7_000 });

    await releaseHold(db, clientId, first.hold.id, now);
    await releaseHold(db, clientId, first.hold.id, now); // again: same answer, one release entry
    const releases = await db
      .select()
      .from(creditEntries)
      .where(and(eq(creditEntries.holdId, first.hold.id), eq(creditEntries.kind, "release")));
    expect(releases).toHaveLength(1);
    expect(await balanceRow(user)).toMatchObject({ balanceMinor: 10_000, heldMinor: 0 });
    const events = await db
      .select({ name: outbox.name })
      .from(outbox)
      .where(sql`${outbox.data}->>'holdId' = ${first.hold.id}`);
    expect(events.map((e) => e.name).sort()).toEqual(["credit/hold_placed", "credit/hold_settled"]);
  });

  it("ends a hold a checkout walked away from once its 30 minutes are over, so it blocks nothing", async () => {
    const user = await travelerAccount(db);
    await giveCredit(db, user, 2_000, "EUR", inDays(90));
    const first = await placeHold(
      db,
      clientId,
      { account: user, amountMinor: 2_000, currency: "EUR", idempotencyKey: "w1" },
      now,
    );
    const soon = new Date(now.getTime() + 10 * 60_000);
    expect(
      await refusal(
        placeHold(db, clientId, { account: user, amountMinor: 1, currency: "EUR", idempotencyKey: "w2" }, soon),
      ),
    ).toEqual({
      status: 422,
      field: "amountMinor",
    });
    const later = new Date(now.getTime() + 31 * 60_000);
    expect((await creditBalance(db, user, { now: later })).balances[0]).toMatchObject({
      availableMinor: 2_000,
      heldMinor: 0,
    });
    await placeHold(db, clientId, { account: user, amountMinor: 2_000, currency: "EUR", idempotencyKey: "w3" }, later);
    const [h] = await db.select().from(creditHolds).where(eq(creditHolds.id, first.hold.id));
    expect(h.status).toBe("expired");
    expect(await balanceRow(user)).toMatchObject({ balanceMinor: 2_000, heldMinor: 2_000 });
  });

  it("does not count credit past its expiry, even before the daily job wrote it off", async () => {
    const user = await travelerAccount(db);
    await giveCredit(db, user, 4_000, "EUR", inDays(1));
    await giveCredit(db, user, 1_000, "EUR", inDays(60));
    const later = inDays(2);
    expect(
      await refusal(
        placeHold(db, clientId, { account: user, amountMinor: 1_001, currency: "EUR", idempotencyKey: "x" }, later),
      ),
    ).toEqual({
      status: 422,
      field: "amountMinor",
    });
    expect((await creditBalance(db, user, { now: later })).balances[0]).toMatchObject({ availableMinor: 1_000 });
  });
});

describe("expiry (daily job, injected clock)", () => {
  it("writes off what is left of a grant at its expiry and gives stale holds back, once", async () => {
    const user = await travelerAccount(db);
    const soon = await giveCredit(db, user, 3_000, "EUR", inDays(10));
    await giveCredit(db, user, 2_000, "EUR", inDays(100));
    const { hold } = await placeHold(
      db,
      clientId,
      { account: user, amountMinor: 500, currency: "EUR", idempotencyKey: "exp" },
      now,
    );

    await expireCredits(db, inDays(5)); // nothing due yet but the 30-minute hold
    const [h] = await db.select().from(creditHolds).where(eq(creditHolds.id, hold.id));
    expect(h.status).toBe("expired");
    expect(await balanceRow(user)).toMatchObject({ balanceMinor: 5_000, heldMinor: 0 });

    const run = await expireCredits(db, inDays(11));
    expect(run).toMatchObject({ grants: 1, expiredMinor: 3_000 });
    expect(await expireCredits(db, inDays(12))).toMatchObject({ grants: 0, expiredMinor: 0 });
    const expired = await db
      .select()
      .from(creditEntries)
      .where(and(eq(creditEntries.grantId, soon), eq(creditEntries.kind, "expire")));
    expect(expired.map((e) => e.amountMinor)).toEqual([3_000]);
    expect(await balanceRow(user)).toMatchObject({ balanceMinor: 2_000, heldMinor: 0 });
  });
});

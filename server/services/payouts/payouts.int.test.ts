import { Readable } from "node:stream";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { manualFollowUps, outbox, payoutDisputes, payoutStatementLines, payoutStatements } from "@/db/schema";
import { StatementInputError } from "@/server/domain/statements/parse-row";
import { sandboxStatementCsv, sandboxStatementId } from "@/server/providers/sandbox/statement";
import { createTestDb } from "@/tests/db";
import { bookAtProvider, cancelAtProvider, seedPayoutProvider } from "@/tests/fixtures/payouts";
import { ledgerCsv } from "./export-ledger";
import { capBytes, importStatement } from "./import-statement";
import { listPayoutDisputes, providerBalances } from "./read-payouts";
import { resolvePayoutDispute } from "./resolve-dispute";

const db = await createTestDb();
const P = "pay-air";
const day = new Date("2026-11-10T12:00:00Z");
const period = { providerCode: P, currency: "EUR", from: "2026-11-01", to: "2026-11-30" };

const csvOf = async (gen: AsyncGenerator<string>) => {
  let s = "";
  for await (const c of gen) s += c;
  return s;
};
const run = (csv: string, providerCode = P) =>
  importStatement(db, { providerCode, csv: Readable.from([csv]), importedBy: "ops:test", now: day });
const counts = async () => {
  const [r] = await db.execute<{ s: number; l: number; d: number; o: number }>(sql`select
    (select count(*)::int from payout_statements) s, (select count(*)::int from payout_statement_lines) l,
    (select count(*)::int from payout_disputes) d, (select count(*)::int from outbox where name like 'payout/%') o`);
  return r;
};

const header =
  "statement_id,line_id,provider_reference,booking_reference,type,amount,currency,occurred_on,description\n";

beforeAll(async () => {
  await seedPayoutProvider(db, P);
  await bookAtProvider(db, { providerCode: P, prefix: "PA", count: 6, currency: "EUR", createdAt: day });
  await cancelAtProvider(db, P, "PR-PA0000005", day);
});

describe("sandbox statement reconciled", () => {
  it("finds exactly the missing, extra and mismatched lines, each a dispute with one follow-up", async () => {
    const csv = await csvOf(sandboxStatementCsv(db, period));
    const r = await run(csv);
    // 6 bookings, the first left out, + 1 cancellation + 1 extra adjustment = 7 lines.
    expect(r).toMatchObject({ alreadyImported: false, lines: 7, matched: 5, disputes: 3 });
    const disputes = await db
      .select({
        kind: payoutDisputes.kind,
        type: payoutDisputes.type,
        ref: payoutDisputes.providerReference,
        st: payoutDisputes.statementAmountMinor,
        ours: payoutDisputes.ourAmountMinor,
      })
      .from(payoutDisputes)
      .orderBy(payoutDisputes.kind);
    expect(disputes).toEqual([
      { kind: "missing_line", type: "booking", ref: "PR-PA0000001", st: null, ours: 10037 },
      { kind: "owe_more", type: "booking", ref: "PR-PA0000002", st: 10074 + 100, ours: 10074 },
      { kind: "unknown_line", type: "adjustment", ref: `ADJ-${sandboxStatementId(period)}`, st: 2500, ours: null },
    ]);
    const lines = await db
      .select()
      .from(payoutStatementLines)
      .where(eq(payoutStatementLines.statementId, r.statementId));
    expect(
      lines
        .filter((l) => l.matchStatus === "matched")
        .map((l) => l.providerReference)
        .sort(),
    ).toEqual(["PR-PA0000003", "PR-PA0000004", "PR-PA0000005", "PR-PA0000005", "PR-PA0000006"]);
    const [s] = await db.select().from(payoutStatements).where(eq(payoutStatements.id, r.statementId));
    expect(s).toMatchObject({ periodFrom: "2026-11-10", periodTo: "2026-11-30", disputeCount: 3 });
    const [f] = await db.select().from(manualFollowUps).where(eq(manualFollowUps.id, s.followUpId!));
    expect(f.dueAt.toISOString()).toBe("2026-11-13T12:00:00.000Z");
    expect((f.details as { first: unknown[] }).first).toHaveLength(3);
    expect(await db.select().from(outbox).where(eq(outbox.name, "payout/statement_imported"))).toHaveLength(1);

    // Re-importing the same statement id changes nothing and answers the first import.
    const before = await counts();
    expect(await run(csv)).toMatchObject({ statementId: r.statementId, alreadyImported: true, disputes: 3 });
    expect(await counts()).toEqual(before);
  });

  it("resolves a dispute with a note, once; the last one closes the statement's follow-up", async () => {
    const page = await listPayoutDisputes(db, P, { status: "open" }, { limit: 2 });
    expect(page.rows).toHaveLength(2);
    expect(page.older).not.toBeNull();
    const all = await listPayoutDisputes(db, P, { status: "open" }, { limit: 25 });
    await expect(resolvePayoutDispute(db, { disputeId: all.rows[0].id, note: "  ", by: "ops:a" })).rejects.toThrow(
      /note/,
    );
    for (const d of all.rows)
      await resolvePayoutDispute(db, { disputeId: d.id, note: "provider corrected it", by: "ops:a" });
    await expect(resolvePayoutDispute(db, { disputeId: all.rows[0].id, note: "again", by: "ops:a" })).rejects.toThrow(
      /already/,
    );
    const [s] = await db.select().from(payoutStatements);
    const [f] = await db.select().from(manualFollowUps).where(eq(manualFollowUps.id, s.followUpId!));
    expect(f.resolved).toBe(true);
    // The database refuses a resolved dispute without its note, whoever writes it.
    await expect(
      db.execute(sql`update payout_disputes set resolution_note = null where id = ${all.rows[0].id}`),
    ).rejects.toThrow();
  });

  it("balances per currency and exports the ledger in the statement format", async () => {
    const [b] = await providerBalances(db, P);
    const prices = [1, 2, 3, 4, 5, 6].map((g) => 10000 + ((g * 37) % 5000));
    expect(b).toMatchObject({
      currency: "EUR",
      owedMinor: prices.reduce((a, c) => a + c, 0) - prices[4],
      entries: 7,
      openDisputes: 0,
    });
    const csv = await csvOf(ledgerCsv(db, P));
    expect(csv.split("\r\n")[0]).toBe(header.trim());
    expect(csv).toContain(",PR-PA0000005,PA0000005,cancellation,-101.85,EUR,2026-11-10,");
  });
});

describe("bad statements are refused with the row and field, storing nothing", () => {
  const good = (i: number, patch: Partial<Record<string, string>> = {}) => {
    const f = {
      statement_id: "BAD-1",
      line_id: `L${i}`,
      provider_reference: `PR-PA000000${i}`,
      booking_reference: "",
      type: "booking",
      amount: "100.37",
      currency: "EUR",
      occurred_on: "2026-11-10",
      description: "x",
      ...patch,
    };
    return `${Object.values(f).join(",")}\n`;
  };
  it.each([
    ["another currency than the provider's", good(1) + good(2, { currency: "JPY", amount: "100" }), /Row 2, currency/],
    [
      "a first row in another currency",
      good(1, { currency: "USD" }),
      /Row 1, currency: pay-air has no bookings in USD/,
    ],
    ["a malformed row", good(1) + "BAD-1,L2,PR-X\n", /Row 2, file: has fewer fields/],
    ["an unknown type", good(1) + good(2, { type: "bonus" }), /Row 2, type: "bonus" is not one of/],
    ["a duplicate line id", good(1) + good(2, { line_id: "L1" }), /Row 2, line_id: "L1" appears twice/],
    [
      "an impossible date",
      good(1) + good(2, { occurred_on: "2026-02-30" }),
      /Row 2, occurred_on: 2026-02-30 is not a date/,
    ],
    ["too many decimals", good(1) + good(2, { amount: "1.234" }), /Row 2, amount: EUR has 2 decimals/],
    ["a float-looking amount", good(1) + good(2, { amount: "1e3" }), /Row 2, amount/],
  ])("%s", async (_name, body, message) => {
    const before = await counts();
    const err = await run(header + body).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StatementInputError);
    expect((err as Error).message).toMatch(message);
    expect(await counts()).toEqual(before);
  });
  it("an upload past the cap while streaming", async () => {
    const before = await counts();
    const rows = Array.from({ length: 50 }, (_, i) => good(i + 1, { provider_reference: "PR-X" })).join("");
    const csv = Readable.from([header, rows]).pipe(capBytes(500, () => new RangeError("past the cap")));
    await expect(importStatement(db, { providerCode: P, csv, importedBy: "ops:test" })).rejects.toThrow(/past the cap/);
    expect(await counts()).toEqual(before);
  });
  it("a header without a column of the format", async () => {
    await expect(run("statement_id,line_id\nA,1\n")).rejects.toThrow(
      /provider_reference: the header has no such column/,
    );
  });
});

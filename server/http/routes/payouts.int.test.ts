import { sql } from "drizzle-orm";
import type { Session } from "next-auth";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { provideDb } from "@/db/client";
import { auth } from "@/server/auth";
import { MAX_UPLOAD_BYTES } from "@/server/http/body-limit";
import { createTestDb } from "@/tests/db";
import { bookAtProvider, seedPayoutProvider } from "@/tests/fixtures/payouts";
import { GET_LEDGER, GET_SANDBOX_STATEMENT, POST_STATEMENT } from "./payouts";

// The console's statement routes: ops only, a bad upload answered 400 naming the row and field
// with nothing stored, the upload cap, the sandbox's statement imported through the route.

vi.mock("@/server/auth", () => {
  const auth = vi.fn(async () => null);
  return { auth, currentSession: () => auth() };
});
const signIn = (role: "ops" | "traveler" | null) =>
  vi
    .mocked(auth as unknown as () => Promise<Session | null>)
    .mockResolvedValue(
      role
        ? ({ user: { id: `u-${role}`, email: `${role}@example.com`, role }, expires: "2099-01-01" } as Session)
        : null,
    );

const db = await createTestDb();
provideDb(db);
const P = "route-air";
const params = { params: Promise.resolve({ code: P }) };
beforeAll(async () => {
  await seedPayoutProvider(db, P);
  await bookAtProvider(db, {
    providerCode: P,
    prefix: "RT",
    count: 4,
    currency: "JPY",
    createdAt: new Date("2026-11-05T09:00:00Z"),
  });
});

const post = (body: string, headers: Record<string, string> = { "x-file-name": "statement.csv" }) =>
  POST_STATEMENT(
    new Request(`http://localhost/api/ops/providers/${P}/statements`, {
      method: "POST",
      headers,
      body,
      duplex: "half",
    } as RequestInit),
    params,
  );
const stored = async () =>
  (
    await db.execute<{ n: number }>(
      sql`select ((select count(*) from payout_statements) + (select count(*) from payout_statement_lines))::int as n`,
    )
  )[0].n;

describe("statement routes", () => {
  it("are for operators only", async () => {
    signIn(null);
    expect((await post("x")).status).toBe(401);
    signIn("traveler");
    expect((await post("x")).status).toBe(403);
    expect((await GET_LEDGER(new Request("http://localhost/x"), params)).status).toBe(403);
  });

  it("refuse a bad row with its row and field, storing nothing; and a body past the cap", async () => {
    signIn("ops");
    const header =
      "statement_id,line_id,provider_reference,booking_reference,type,amount,currency,occurred_on,description\n";
    const res = await post(`${header}S1,L1,PR-RT0000001,,booking,100.5,JPY,2026-11-05,\n`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: "invalid",
      row: 1,
      field: "amount",
      message: /Row 1, amount: JPY has 0 decimals/,
    });
    expect(await stored()).toBe(0);
    const big = await post("x", { "x-file-name": "s.csv", "content-length": String(MAX_UPLOAD_BYTES + 1) });
    expect(big.status).toBe(413);
  });

  it("imports the sandbox's own statement for a period, once", async () => {
    signIn("ops");
    const bad = await GET_SANDBOX_STATEMENT(
      new Request(`http://localhost/x?from=2026-11-01&to=2026-11-31&currency=JPY`),
      params,
    );
    expect(bad.status).toBe(400);
    const csv = await (
      await GET_SANDBOX_STATEMENT(new Request(`http://localhost/x?from=2026-11-01&to=2026-11-30&currency=JPY`), params)
    ).text();
    const first = await post(csv);
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ lines: 4, matched: 2, disputes: 3 });
    const again = await post(csv);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ alreadyImported: true, disputes: 3 });
    const ledger = await GET_LEDGER(new Request("http://localhost/x"), params);
    expect(ledger.headers.get("content-type")).toMatch(/text\/csv/);
    expect((await ledger.text()).trim().split("\r\n")).toHaveLength(5);
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { GET as getBalance } from "@/app/api/v1/credits/balance/route";
import { POST as postHold } from "@/app/api/v1/credits/holds/route";
import { POST as postRelease } from "@/app/api/v1/credits/holds/[id]/release/route";
import { provideDb } from "@/db/client";
import { opsActor } from "@/server/domain/actor";
import { createApiClient } from "@/server/services/api-clients/manage-clients";
import { issueApiKey } from "@/server/services/api-clients/manage-keys";
import { createTestDb } from "@/tests/db";
import { giveCredit, travelerAccount } from "@/tests/fixtures/credits";

// /api/v1/credits through its route handlers, authenticated like the intake, on the real PostgreSQL.
const db = await createTestDb();
provideDb(db);
const founder = opsActor("founder@example.com");
const day = 86_400_000;
let key = "";

beforeAll(async () => {
  const client = await createApiClient(db, { name: "checkout", actor: founder });
  key = (await issueApiKey(db, { clientId: client.id, name: "test", actor: founder })).key;
});

describe("/api/v1/credits", () => {
  const call = (
    handler: (r: Request, ctx: never) => Promise<Response>,
    url: string,
    init: RequestInit = {},
    ctx?: unknown,
  ) =>
    handler(
      new Request(`http://localhost${url}`, {
        ...init,
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...init.headers },
      }),
      ctx as never,
    ).then(async (r) => ({ status: r.status, json: await r.json() }));

  it("answers the balance, places and releases a hold, authenticated like the intake", async () => {
    const user = await travelerAccount(db);
    await giveCredit(db, user, 8_000, "EUR", new Date(Date.now() + 90 * day));
    expect(
      (await call(getBalance, `/api/v1/credits/balance?account=${user}`, { headers: { authorization: "" } })).status,
    ).toBe(401);

    const held = await call(postHold, "/api/v1/credits/holds", {
      method: "POST",
      body: JSON.stringify({ account: user, amountMinor: 2_500, currency: "EUR", idempotencyKey: "api-1" }),
    });
    expect(held).toMatchObject({ status: 201, json: { account: user, amountMinor: 2_500, status: "held" } });
    const balance = await call(getBalance, `/api/v1/credits/balance?account=${user}`);
    expect(balance).toMatchObject({
      status: 200,
      json: { balances: [{ currency: "EUR", availableMinor: 5_500, heldMinor: 2_500 }] },
    });

    const released = await call(
      postRelease,
      `/api/v1/credits/holds/${held.json.id}/release`,
      { method: "POST" },
      {
        params: Promise.resolve({ id: held.json.id }),
      },
    );
    expect(released).toMatchObject({ status: 200, json: { status: "released" } });
  });

  it("names the field of every refusal", async () => {
    const user = await travelerAccount(db);
    await giveCredit(db, user, 1_000, "EUR", new Date(Date.now() + 90 * day));
    const hold = (body: object) =>
      call(postHold, "/api/v1/credits/holds", { method: "POST", body: JSON.stringify(body) });
    const fields = async (body: object) => (await hold(body)).json.issues?.map((i: { field: string }) => i.field);
    expect(await fields({ account: user, amountMinor: 10.5, currency: "EUR", idempotencyKey: "f1" })).toEqual([
      "amountMinor",
    ]);
    expect(await fields({ account: "nope", amountMinor: 100, currency: "EUR", idempotencyKey: "f2" })).toEqual([
      "account",
    ]);
    expect(await fields({ account: user, amountMinor: 100, currency: "USD", idempotencyKey: "f3" })).toEqual([
      "currency",
    ]);
    expect((await hold({ account: user, amountMinor: 100, currency: "USD", idempotencyKey: "f3" })).status).toBe(422);
    expect(await fields({ account: user, amountMinor: 1_001, currency: "EUR", idempotencyKey: "f4" })).toEqual([
      "amountMinor",
    ]);
    expect(await fields({ account: user, amountMinor: 100, currency: "EUR" })).toEqual(["idempotencyKey"]);
    expect((await call(getBalance, "/api/v1/credits/balance")).json.issues[0].field).toBe("account");
    const other = "00000000-0000-4000-8000-000000000000";
    expect(
      await call(
        postRelease,
        `/api/v1/credits/holds/${other}/release`,
        { method: "POST" },
        { params: Promise.resolve({ id: other }) },
      ),
    ).toMatchObject({ status: 404, json: { issues: [{ field: "id" }] } });
  });
});

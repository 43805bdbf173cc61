import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/bookings/route";
import { provideDb } from "@/db/client";
import { intakeRequests } from "@/db/schema";
import { opsActor } from "@/server/domain/actor";
import { createApiClient } from "@/server/services/api-clients/manage-clients";
import { issueApiKey } from "@/server/services/api-clients/manage-keys";
import { createTestDb } from "@/tests/db";
import { intakeBody, seedIntakeProviders } from "@/tests/fixtures/intake";
import { expectKeysetPaging } from "@/tests/fixtures/keyset-paging";
import { callerAs, sessions } from "@/tests/sessions";

// The console's intake log through the ops router: real requests through the intake route give
// one row of each outcome; rows inserted with chosen times check the paging.

const db = await createTestDb();
provideDb(db);
const ops = callerAs(db, sessions.ops());
const founder = opsActor("founder@example.com");
let key = "";
let clientId = "";

beforeAll(async () => {
  await seedIntakeProviders(db);
  clientId = (await createApiClient(db, { name: "Checkout EU", actor: founder })).id;
  key = (await issueApiKey(db, { clientId, name: "test", actor: founder })).key;
});

const post = async (body: unknown) => {
  const res = await POST(
    new Request("http://localhost/api/v1/bookings", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );
  return { status: res.status, json: (await res.json()) as { bookingId: string; reference: string } };
};

describe("intake log", () => {
  it("shows each outcome newest first, with its client, booking reference and the refusal's first issue", async () => {
    const body = intakeBody();
    const created = await post(body);
    expect(created.status).toBe(201);
    expect((await post(body)).status).toBe(201); // a retry: duplicate
    expect((await post({ ...body, contact: { ...body.contact, name: "Ana M. Lima" } })).status).toBe(409);
    expect((await post({ ...intakeBody(), currency: "XYZ" })).status).toBe(422);

    const { rows } = await ops.ops.intake.log({ clientId });
    expect(rows.map((r) => r.outcome)).toEqual(["invalid", "conflict", "duplicate", "created"]);
    const [invalid, conflict, duplicate, first] = rows;
    expect(first).toMatchObject({
      client: "Checkout EU",
      sessionId: body.checkoutSessionId,
      httpStatus: 201,
      bookingId: created.json.bookingId,
      reference: created.json.reference,
      problem: null,
    });
    expect(duplicate).toMatchObject({ reference: created.json.reference, problem: null });
    expect(conflict).toMatchObject({ httpStatus: 409, bookingId: null, reference: null });
    expect(conflict.problem).toMatch(/^checkoutSessionId: .*different body/);
    expect(invalid).toMatchObject({ httpStatus: 422, client: "Checkout EU" });
    expect(invalid.problem).toMatch(/^currency: /);

    expect((await ops.ops.intake.log({ clientId, outcome: "conflict" })).rows).toEqual([conflict]);
    expect((await ops.ops.intake.log({ outcome: "created" })).rows.map((r) => r.id)).toContain(first.id);
    expect((await ops.ops.intake.log({ outcome: "created" })).rows.map((r) => r.id)).not.toContain(invalid.id);

    const intake = await ops.ops.intake.ofBooking({ bookingId: created.json.bookingId });
    expect(intake).toMatchObject({ client: "Checkout EU", sessionId: body.checkoutSessionId, payload: body });
    expect(intake!.receivedAt).toEqual(first.receivedAt);
  });

  it("has nothing for a booking that did not come through the API", async () => {
    expect(await ops.ops.intake.ofBooking({ bookingId: "00000000-0000-4000-8000-00000000abcd" })).toBeNull();
  });

  it("pages by keyset, newest first, even within one millisecond, with its filters kept", async () => {
    const other = (await createApiClient(db, { name: "Paging client", actor: founder })).id;
    const insert = async (outcome: "invalid" | "duplicate", micros: string[]) => {
      const ids: string[] = [];
      for (const micro of micros) {
        const [r] = await db
          .insert(intakeRequests)
          .values({
            clientId: other,
            sessionId: `cs_${micro}`,
            outcome,
            httpStatus: outcome === "invalid" ? 422 : 201,
            response: outcome === "invalid" ? { error: "invalid_json", message: "The body is not JSON" } : {},
          })
          .returning({ id: intakeRequests.id });
        await db.execute(
          sql`update intake_requests set created_at = ${`2100-01-01 00:00:00.${micro}+00`} where id = ${r.id}`,
        );
        ids.push(r.id);
      }
      return ids;
    };
    const invalid = await insert("invalid", ["000600", "000500", "000400"]);
    const duplicate = await insert("duplicate", ["000900", "000800", "000700"]);
    await expectKeysetPaging((p) => ops.ops.intake.log({ clientId: other, outcome: "invalid", ...p }), invalid);
    await expectKeysetPaging((p) => ops.ops.intake.log({ clientId: other, ...p }), [...duplicate, ...invalid]);
    await expectKeysetPaging((p) => ops.ops.intake.log(p), [...duplicate, ...invalid]);
    expect((await ops.ops.intake.log({ clientId, outcome: "duplicate" })).rows).toHaveLength(1);
    // A refusal without issues shows its message; anything else shows none.
    const { rows } = await ops.ops.intake.log({ clientId: other, limit: 4 });
    expect(rows.map((r) => r.problem)).toEqual([null, null, null, "The body is not JSON"]);
  });
});

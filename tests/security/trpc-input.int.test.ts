import type { Session } from "next-auth";
import superjson from "superjson";
import { afterAll, describe, expect, it, vi } from "vitest";
import { GET, POST } from "@/app/api/trpc/[trpc]/route";
import { provideDb } from "@/db/client";
import { auth } from "@/server/auth";
import { MAX_JSON_BODY_BYTES } from "@/server/http/body-limit";
import { createTestDb } from "@/tests/db";
import { insertModBooking } from "@/tests/fixtures/modifications";
import { sessions } from "@/tests/sessions";

// Issue 20 through /api/trpc on real PostgreSQL: dates outside 1900–2200 and days not on the
// calendar are a 400 naming the field (they were a 500, or silently rolled over into a priced date
// change); bodies over 1 MB are a 413 naming the limit, whether declared or streamed; every 400
// is a sentence with the field path, not zod's JSON or a JavaScript error's text.

// The session as the app reads it in a render (currentSession) comes from the mocked auth().
vi.mock("@/server/auth", () => {
  const auth = vi.fn(async () => null);
  return { auth, currentSession: () => auth() };
});
const signIn = (s: Session) => vi.mocked(auth as unknown as () => Promise<Session | null>).mockResolvedValue(s);

const db = await createTestDb();
provideDb(db);
afterAll(() => vi.restoreAllMocks());

const url = (path: string, qs = "") => `http://app/api/trpc/${path}${qs}`;
const json = { "content-type": "application/json" };
type Reply = { status: number; message: string; data: { code?: string; path?: string } };
async function reply(res: Response): Promise<Reply> {
  const text = await res.text();
  const body = JSON.parse(text) as { error?: { json: { message: string; data: Reply["data"] } } };
  return { status: res.status, message: body.error?.json.message ?? "", data: body.error?.json.data ?? {} };
}
const mutate = async (path: string, input: unknown) =>
  reply(
    await POST(
      new Request(url(path), { method: "POST", headers: json, body: JSON.stringify(superjson.serialize(input)) }),
    ),
  );
const query = async (path: string, input: unknown) =>
  reply(await GET(new Request(url(path, `?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`))));
const raw = async (path: string, body: BodyInit, headers: Record<string, string> = json) =>
  reply(await POST(new Request(url(path), { method: "POST", headers, body, duplex: "half" } as RequestInit)));

describe("dates at the tRPC edge", () => {
  it("ops.followUps.update refuses a dueAt outside 1900–2200 with a 400 naming it, and changes nothing", async () => {
    signIn(sessions.ops());
    const [f] = await db.$sql<{ id: string; due_at: Date }[]>`
      insert into manual_follow_ups (kind, title, due_at) values ('test', 'Call the hotel', now() + interval '1 day')
      returning id, due_at`;
    for (const dueAt of [
      "0000-01-01",
      "+275760-09-13T00:00:00.000Z",
      "-271821-04-20T00:00:00.000Z",
      new Date(8.64e15),
    ]) {
      const r = await mutate("ops.followUps.update", { followUpId: f.id, dueAt });
      expect(r.status, String(dueAt)).toBe(400);
      expect(r.message).toMatch(/^dueAt: \S+ is outside the years 1900–2200$/);
    }
    const r = await mutate("ops.followUps.update", { followUpId: f.id, dueAt: "2026-02-30T09:00:00Z" });
    expect(r).toMatchObject({ status: 400, message: "dueAt: 2026-02-30T09:00:00Z is not a date on the calendar" });
    const [after] = await db.$sql<{ due_at: Date }[]>`select due_at from manual_follow_ups where id = ${f.id}`;
    expect(after.due_at).toEqual(f.due_at);
    // Control: a date in range is taken.
    expect((await mutate("ops.followUps.update", { followUpId: f.id, dueAt: "2031-01-02T09:00:00Z" })).status).toBe(
      200,
    );
  });

  it("portal date changes refuse days that are not on the calendar instead of rolling them over", async () => {
    const b = await insertModBooking(db);
    signIn(b.session);
    const count = async () =>
      Number(
        (
          await db.$sql<
            { n: string }[]
          >`select count(*) as n from booking_modifications where booking_id = ${b.bookingId}`
        )[0].n,
      );
    const base = { reference: b.reference, itemId: b.hotelId };
    const change = await mutate("portal.modifications.dateChange", {
      ...base,
      startDate: "2027-04-31",
      endDate: "2027-05-03",
    });
    expect(change).toMatchObject({ status: 400, message: "startDate: 2027-04-31 is not a date on the calendar" });
    const options = await query("portal.modifications.dateOptions", {
      ...base,
      startDate: "2027-02-30",
      endDate: "2027-03-02",
    });
    expect(options).toMatchObject({ status: 400, message: "startDate: 2027-02-30 is not a date on the calendar" });
    const far = await query("portal.modifications.dateOptions", {
      ...base,
      startDate: "2031-05-10",
      endDate: "9999-12-31",
    });
    expect(far).toMatchObject({ status: 400, message: "endDate: 9999-12-31 is outside the years 1900–2200" });
    expect(await count()).toBe(0);
    // Control: real days reach the service and are priced.
    expect(
      (await query("portal.modifications.dateOptions", { ...base, startDate: "2031-05-12", endDate: "2031-05-15" }))
        .status,
    ).toBe(200);
  });
});

describe("body limits and readable refusals at /api/trpc", () => {
  const limit = `1 MB (${MAX_JSON_BODY_BYTES} bytes)`;
  const stream = (text: string) =>
    new ReadableStream<Uint8Array>({
      start(c) {
        const bytes = new TextEncoder().encode(text);
        for (let i = 0; i < bytes.length; i += 64 * 1024) c.enqueue(bytes.subarray(i, i + 64 * 1024));
        c.close();
      },
    });

  it("answers a body over 1 MB with 413 naming the limit, declared or streamed without a length", async () => {
    signIn(sessions.ops());
    const bodies = {
      "32 MiB string": JSON.stringify({ json: { owner: "x".repeat(32 * 1024 * 1024) } }),
      "1,000,000-element array": JSON.stringify({ json: { itemIds: Array.from({ length: 1_000_000 }, () => 0) } }),
      "200,000 keys": JSON.stringify({
        json: Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`k${i}`, 0])),
      }),
    };
    for (const [label, body] of Object.entries(bodies)) {
      for (const sent of [body, stream(body)]) {
        const r = await raw("ops.followUps.update", sent);
        expect(r.status, label).toBe(413);
        expect(r.message).toBe(`Request bodies are limited to ${limit}`);
        expect(r.data.code).toBe("PAYLOAD_TOO_LARGE");
      }
    }
    // A batch gets one answer per call, as httpBatchLink reads them.
    const batch = await POST(
      new Request(url("ops.followUps.update,ops.followUps.resolve", "?batch=1"), {
        method: "POST",
        headers: json,
        body: bodies["200,000 keys"],
      }),
    );
    expect(batch.status).toBe(413);
    expect(await batch.json()).toHaveLength(2);
    // Control: a body under the limit, streamed, is read and validated as usual.
    const fits = await raw(
      "ops.followUps.update",
      stream(JSON.stringify({ json: { followUpId: "x", owner: "x".repeat(900_000) } })),
    );
    expect(fits.status).toBe(400);
    expect(fits.message).toMatch(/^followUpId: .*; owner: /);
  });

  it("refuses an array over its schema's bound with the field's name", async () => {
    const b = await insertModBooking(db);
    signIn(b.session);
    const itemIds = Array.from({ length: 51 }, () => crypto.randomUUID());
    const r = await mutate("portal.cancellations.quote", { reference: b.reference, itemIds });
    expect(r.status).toBe(400);
    expect(r.message).toMatch(/^itemIds: .*50/);
  });

  it("words every 400 as a sentence with the field path: no zod JSON, no JavaScript error text", async () => {
    signIn(sessions.ops());
    const cases: [string, Reply][] = [
      ["broken JSON", await raw("ops.followUps.update", "{")],
      ["not JSON", await raw("ops.followUps.update", "undefined")],
      [
        "bad superjson meta",
        await raw("ops.followUps.update", JSON.stringify({ json: {}, meta: { values: { q: ["custom", "Nope"] } } })),
      ],
      ["wrong field types", await mutate("ops.followUps.update", { followUpId: 42, owner: 5 })],
      ["nested field", await mutate("ops.followUps.update", { followUpId: "nope", dueAt: {} })],
    ];
    for (const [label, r] of cases) {
      expect(r.status, label).toBe(400);
      expect(r.message, label).not.toMatch(
        /^\s*[[{]|"code"|Unexpected token|JSON at position|is not valid JSON:|undefined|TypeError|SyntaxError/,
      );
      expect(r.message.length, label).toBeGreaterThan(10);
    }
    expect(cases[3][1].message).toMatch(/^followUpId: .*; owner: /);
    expect(cases[4][1].message).toMatch(/^followUpId: .*; dueAt: Use an ISO 8601 date and time$/);
  });
});

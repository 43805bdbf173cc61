import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { bookings, users } from "@/db/schema";
import { demoFixtures } from "@/db/seed/fixtures";
import { seedDemo } from "@/db/seed";
import { createTestDb } from "@/tests/db";
import { callerAs, sessions } from "@/tests/sessions";
import { appRouter } from "./root";

const db = await createTestDb();
let traveler: { id: string; email: string };
let other: { id: string; email: string };

beforeAll(async () => {
  await seedDemo(db, { bookings: 80 });
  [traveler] = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(eq(users.email, demoFixtures.traveler.email));
  [other] = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(eq(users.email, demoFixtures.other.email));
});

const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => "OK",
    (e) => (e instanceof TRPCError ? e.code : String(e)),
  );

describe("roles", () => {
  it("ops procedures refuse guests, travelers and the signed-out", async () => {
    const [b] = await db.select({ id: bookings.id }).from(bookings).limit(1);
    expect(await codeOf(callerAs(db, null).ops.bookings.search({}))).toBe("UNAUTHORIZED");
    expect(await codeOf(callerAs(db, sessions.traveler(traveler.id, traveler.email)).ops.bookings.search({}))).toBe(
      "FORBIDDEN",
    );
    expect(await codeOf(callerAs(db, sessions.guest(b.id)).ops.dashboard.overview())).toBe("FORBIDDEN");
    expect(await codeOf(callerAs(db, sessions.ops()).ops.bookings.search({}))).toBe("OK");
  });

  it("a traveler sees only their own bookings; another's is not found, never forbidden", async () => {
    const api = callerAs(db, sessions.traveler(traveler.id, traveler.email));
    const mine = await api.portal.bookings.list();
    expect(mine.map((b) => b.reference)).toContain(demoFixtures.traveler.reference);
    expect(mine.map((b) => b.reference)).not.toContain(demoFixtures.other.reference);
    const owners = await db
      .select({ userId: bookings.userId, email: bookings.contactEmail })
      .from(bookings)
      .where(eq(bookings.bookingReference, demoFixtures.traveler.reference));
    expect(owners[0].userId === traveler.id || owners[0].email === traveler.email).toBe(true);
    expect(await codeOf(api.portal.bookings.byReference({ reference: demoFixtures.other.reference }))).toBe(
      "NOT_FOUND",
    );
    expect(
      (await api.portal.bookings.byReference({ reference: demoFixtures.traveler.reference.toLowerCase() }))
        .bookingReference,
    ).toBe(demoFixtures.traveler.reference);
    const theirs = callerAs(db, sessions.traveler(other.id, other.email));
    expect(await codeOf(theirs.portal.bookings.byReference({ reference: demoFixtures.traveler.reference }))).toBe(
      "NOT_FOUND",
    );
  });

  it("a guest sees its one booking and nothing else", async () => {
    const [b] = await db
      .select({ id: bookings.id })
      .from(bookings)
      .where(eq(bookings.bookingReference, demoFixtures.traveler.reference));
    const api = callerAs(db, sessions.guest(b.id));
    expect((await api.portal.bookings.list()).map((x) => x.reference)).toEqual([demoFixtures.traveler.reference]);
    expect(await codeOf(api.portal.bookings.byReference({ reference: demoFixtures.other.reference }))).toBe(
      "NOT_FOUND",
    );
  });
});

describe("bad input over HTTP", () => {
  const http = async (path: string, input: unknown) => {
    const url = `http://test/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
    const res = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req: new Request(url),
      router: appRouter,
      createContext: () => ({ db, session: sessions.ops() }),
    });
    const body = await res.json();
    return { status: res.status, error: body.error?.json };
  };

  it.each([
    ["ops.bookings.search", { page: 0 }, "page"],
    ["ops.bookings.search", { q: "ab" }, "q"],
    ["ops.bookings.search", { status: ["lost"] }, "status"],
    ["ops.bookings.search", { category: "boat" }, "category"],
    ["ops.bookings.search", { pageSize: 10_000 }, "pageSize"],
    ["ops.bookings.get", { id: "not-a-uuid" }, "id"],
    ["ops.bookings.get", {}, "id"],
    ["portal.bookings.byReference", { reference: "<script>" }, "reference"],
    ["portal.bookings.byReference", { reference: 42 }, "reference"],
  ])("%s with %j → 400 naming %s", async (path, input, field) => {
    const r = await http(path, input);
    expect(r.status).toBe(400);
    expect(r.error.data.code).toBe("BAD_REQUEST");
    expect(Object.keys(r.error.data.zodError.fieldErrors)).toContain(field);
    expect(JSON.stringify(r.error)).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  it("an unknown booking id is a 404, not a 500", async () => {
    const r = await http("ops.bookings.get", { id: "8b0f3c0e-1111-4222-8333-444455556666" });
    expect(r.status).toBe(404);
  });
});

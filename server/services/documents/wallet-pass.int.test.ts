import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { strFromU8, unzipSync } from "fflate";
import type { Session as AuthSession } from "next-auth";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/wallet/[itemId]/[segment]/[traveler]/route";
import { provideDb } from "@/db/client";
import { auth } from "@/server/auth";
import { systemActor } from "@/server/domain/actor";
import { transitionItem } from "@/server/services/lifecycle";
import { createTestDb } from "@/tests/db";
import { insertTestBooking, type TestBooking } from "@/tests/fixtures/documents";
import { sessions } from "@/tests/sessions";
import { serveWalletPass } from "./serve-wallet-pass";

// The route reads the session through auth(): mocked, as in tests/security/authorization.int.test.ts.
vi.mock("@/server/auth", () => ({ auth: vi.fn(async () => null) }));
const signedInAs = (s: AuthSession | null) =>
  vi.mocked(auth as unknown as () => Promise<AuthSession | null>).mockResolvedValue(s);

const db = await createTestDb();
provideDb(db);
const certDir = await mkdtemp(path.join(tmpdir(), "wallet-route-"));
let b: TestBooking;
let other: TestBooking;
let cancelled: TestBooking;

beforeAll(async () => {
  b = await insertTestBooking(db);
  other = await insertTestBooking(db, { travelers: [{ firstName: "Ola", lastName: "Nordmann", type: "adult" }] });
  cancelled = await insertTestBooking(db, { travelers: [{ firstName: "Kari", lastName: "Nordmann", type: "adult" }] });
  await transitionItem(db, { itemId: cancelled.items.flight, to: "cancelled", actor: systemActor(), reason: "test" });
});

type Session = Parameters<typeof serveWalletPass>[1];
const get = (session: Session, itemId: string, segment = "0", traveler = "0") =>
  serveWalletPass(db, session, { itemId, segment, traveler }, certDir);

describe("GET /api/wallet/[itemId]/[segment]/[traveler] (serveWalletPass)", () => {
  it("serves the segment's boarding pass for the traveler to the booking's owner, guest and ops", async () => {
    const res = await get(sessions.traveler(b.userId, b.email), b.items.flight, "1", "2");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.apple.pkpass");
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="boarding-pass-${b.reference}-DA102-2-3.pkpass"`,
    );
    expect(res.headers.get("x-wallet-pass-development")).toBe("1");
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const pass = JSON.parse(strFromU8(files["pass.json"]));
    expect(pass.serialNumber).toBe(`${b.items.flight}-s1-t2`);
    expect(pass.barcodes[0].message).toBe(`${b.reference}/QX7PNR/1/2`);
    const secondary = Object.fromEntries(
      pass.boardingPass.secondaryFields.map((f: { key: string; value: string }) => [f.key, f.value]),
    );
    expect(secondary).toMatchObject({ passenger: "Дмитрий Иванов", flight: "DA102" });
    expect(files["signature"].byteLength).toBeGreaterThan(0);

    expect((await get(sessions.guest(b.bookingId), b.items.flight)).status).toBe(200);
    expect((await get(sessions.ops(), b.items.flight)).status).toBe(200);
  });

  it("answers 404 to anyone who may not see the booking, an anonymous caller and unknown items", async () => {
    for (const session of [sessions.traveler(other.userId, other.email), sessions.guest(other.bookingId), null]) {
      const res = await get(session, b.items.flight);
      expect(res.status).toBe(404);
      expect(await res.text()).toBe("Not found");
    }
    expect((await get(sessions.ops(), "not-a-uuid")).status).toBe(404);
    expect((await get(sessions.ops(), "00000000-0000-4000-8000-000000000000")).status).toBe(404);
  });

  it("has no pass for an item that is not a flight, or a cancelled flight", async () => {
    const hotel = await get(sessions.guest(b.bookingId), b.items.hotel);
    expect(hotel.status).toBe(404);
    expect(await hotel.text()).toMatch(/not a flight/);
    const gone = await get(sessions.guest(cancelled.bookingId), cancelled.items.flight);
    expect(gone.status).toBe(404);
    expect(await gone.text()).toMatch(/not held/);
  });

  it("refuses segment and traveler indexes past the flight or the booking, or not numbers, naming the field", async () => {
    const guest = sessions.guest(b.bookingId);
    const segment = await get(guest, b.items.flight, "2", "0");
    expect(segment.status).toBe(404);
    expect(await segment.text()).toBe("segment: this flight has 2 segment(s), 0 to 1");
    const traveler = await get(guest, b.items.flight, "0", "8");
    expect(traveler.status).toBe(404);
    expect(await traveler.text()).toBe("traveler: this booking has 8 traveler(s), 0 to 7");
    const bad = await get(guest, b.items.flight, "-1", "x");
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/^segment: .*; traveler: /);
  });
});

describe("the route file", () => {
  const route = (itemId: string, segment: string, traveler: string) =>
    GET(new Request(`http://app/api/wallet/${itemId}/${segment}/${traveler}`), {
      params: Promise.resolve({ itemId, segment, traveler }),
    });

  it("serves through serveWalletPass with the request's session and path parameters", async () => {
    signedInAs(null);
    expect((await route(b.items.flight, "0", "0")).status).toBe(404);
    signedInAs(sessions.guest(b.bookingId));
    const past = await route(b.items.flight, "0", "9");
    expect(past.status).toBe(404);
    expect(await past.text()).toMatch(/^traveler: /);
    expect(await (await route(b.items.hotel, "0", "0")).text()).toMatch(/not a flight/);
  });
});

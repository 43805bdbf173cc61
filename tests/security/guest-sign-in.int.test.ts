import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { provideDb } from "@/db/client";
import { seedDemo } from "@/db/seed";
import { demoFixtures } from "@/db/seed/fixtures";
import { createTestDb } from "@/tests/db";

// The guest sign-in (reference + last name) through Auth.js's real handler, as the browser posts
// it: a wrong reference and a wrong name are answered identically, the limit holds per address
// and per address and reference in a sliding window (the clock is injected), a stranger cannot
// lock a traveler out, and once limited even the right answer is refused, with the same answer
// whichever part was wrong. (server/services/auth/guest-lookup.int.test.ts covers the service.)

vi.hoisted(() => {
  process.env.AUTH_SECRET ??= "security-tests-auth-secret-0123456789";
  process.env.GUEST_LOOKUP_LIMIT = "5";
  process.env.GUEST_LOOKUP_REFERENCE_LIMIT = "3";
  process.env.GUEST_LOOKUP_WINDOW_SECONDS = "900";
});
// The injected clock: only Date is faked, so the database driver's timers run as usual.
vi.useFakeTimers({ toFake: ["Date"] });
const t0 = new Date("2030-01-01T10:00:00Z").getTime();
vi.setSystemTime(t0);
afterAll(() => vi.useRealTimers());
const { handlers } = await import("@/server/auth");
const { env } = await import("@/server/env");

const db = await createTestDb();
provideDb(db);
await seedDemo(db, { bookings: 20 });
const { reference, lastName } = demoFixtures.traveler;
const base = "http://localhost:3000";

async function csrf(ip: string) {
  const res = await handlers.GET(new Request(`${base}/api/auth/csrf`, { headers: { "x-real-ip": ip } }) as never);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return { token: ((await res.json()) as { csrfToken: string }).csrfToken, cookie };
}

/** Posts the guest form; the answer as the browser sees it: where it is sent, and whether a session came with it. */
async function signIn(ip: string, ref: string, name: string, forwardedFor?: string) {
  const { token, cookie } = await csrf(ip);
  const res = await handlers.POST(
    new Request(`${base}/api/auth/callback/guest`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie,
        "x-real-ip": ip,
        ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}),
      },
      body: new URLSearchParams({ reference: ref, lastName: name, csrfToken: token, callbackUrl: `${base}/bookings` }),
    }) as never,
  );
  const location = res.headers.get("location") ?? "";
  const session = res.headers.getSetCookie().some((c) => c.startsWith("authjs.session-token="));
  return { status: res.status, location: location.replace(/^https?:\/\/[^/]+/, ""), session };
}

describe("guest sign-in over HTTP", () => {
  beforeEach(() => vi.setSystemTime(t0));

  it("signs in with the right reference and name (the control)", async () => {
    const r = await signIn("10.9.0.1", reference.toLowerCase(), lastName.toUpperCase());
    expect(r.session).toBe(true);
    expect(r.location).toBe("/bookings");
  });

  it("answers a wrong reference, a wrong name, both wrong and a malformed form the same way", async () => {
    const answers = [
      await signIn("10.9.1.1", "GD-ZZZZZZ", lastName),
      await signIn("10.9.1.2", reference, "Somebody"),
      await signIn("10.9.1.3", "GD-ZZZZZZ", "Somebody"),
      await signIn("10.9.1.4", "x", ""),
    ];
    for (const a of answers) expect(a).toEqual({ ...answers[0], session: false });
    expect(answers[0].location).toMatch(/error=CredentialsSignin/);
    expect(answers[0].location).not.toMatch(/reference|name|GD-/i);
  });

  it("limits one address, even for the right answer, and says only that it is limited", async () => {
    const ip = "10.9.2.1";
    for (let i = 0; i < env.GUEST_LOOKUP_LIMIT; i++) await signIn(ip, `GD-GUESS${i}`, "x");
    const right = await signIn(ip, reference, lastName);
    const wrongName = await signIn(ip, reference, "Somebody");
    const wrongRef = await signIn(ip, "GD-ZZZZZZ", lastName);
    expect(right.session).toBe(false);
    expect(right.location).toMatch(/code=rate_limited/);
    expect(wrongName).toEqual(right);
    expect(wrongRef).toEqual(right);
    expect((await signIn("10.9.2.2", reference, lastName)).session).toBe(true); // another address is not limited
  });

  it("a client writing its own X-Forwarded-For gets no fresh allowance (the app server's address counts)", async () => {
    const ip = "10.9.4.1";
    for (let i = 0; i < env.GUEST_LOOKUP_LIMIT; i++) await signIn(ip, `GD-FORGE${i}`, "x", `198.51.100.${i}`);
    const r = await signIn(ip, reference, lastName, "198.51.100.250");
    expect(r.session).toBe(false);
    expect(r.location).toMatch(/code=rate_limited/);
  });

  it("limits one address's guesses at one reference, however the reference is written", async () => {
    const ip = "10.9.3.1";
    const ref = demoFixtures.other.reference;
    const spellings = [ref, ref.toLowerCase(), ` ${ref} `];
    for (let i = 0; i < env.GUEST_LOOKUP_REFERENCE_LIMIT; i++) await signIn(ip, spellings[i % 3], "wrong");
    const r = await signIn(ip, ref, demoFixtures.other.lastName);
    expect(r.status).toBe(302);
    expect(r.session).toBe(false);
    expect(r.location).toMatch(/code=rate_limited/);
  });

  it("a stranger guessing at a reference from other addresses does not lock its traveler out", async () => {
    const ref = demoFixtures.other.reference;
    for (let i = 0; i < 4 * env.GUEST_LOOKUP_LIMIT; i++) await signIn(`10.9.5.${i % 4}`, ref, "wrong");
    const traveler = await signIn("10.9.5.200", ref, demoFixtures.other.lastName);
    expect(traveler.session).toBe(true);
    expect(traveler.location).toBe("/bookings");
  });

  it("counts in a sliding window: no fresh allowance at a fixed-window boundary", async () => {
    const ip = "10.9.6.1";
    const boundary = t0 + 900_000; // where a 15-minute fixed window would start again
    vi.setSystemTime(boundary - 4000);
    for (let i = 0; i < 3; i++) await signIn(ip, `GD-EDGE${i}`, "x");
    vi.setSystemTime(boundary + 4000);
    for (let i = 3; i < env.GUEST_LOOKUP_LIMIT; i++) await signIn(ip, `GD-EDGE${i}`, "x");
    expect((await signIn(ip, reference, lastName)).location).toMatch(/code=rate_limited/);
    // Once the first guesses are a full window old, the address may try again.
    vi.setSystemTime(boundary - 4000 + 900_000);
    expect((await signIn(ip, reference, lastName)).session).toBe(true);
  });
});

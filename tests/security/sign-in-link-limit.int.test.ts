import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { provideDb } from "@/db/client";
import { seedDemo } from "@/db/seed";
import { demoFixtures } from "@/db/seed/fixtures";
import { createTestDb } from "@/tests/db";

// Sign-in link requests through Auth.js's real handler, as a form posted to /api/auth: limited per
// e-mail address and per client address in a sliding window (the clock is injected); a refused
// request sends no mail, and is answered the same whether or not the address has an account.

vi.hoisted(() => {
  process.env.AUTH_SECRET ??= "security-tests-auth-secret-0123456789";
  process.env.SIGN_IN_LINK_LIMIT = "3";
  process.env.SIGN_IN_LINK_ADDRESS_LIMIT = "6";
  process.env.SIGN_IN_LINK_WINDOW_SECONDS = "900";
});
// Only Date is faked, so the database driver's timers run as usual.
vi.useFakeTimers({ toFake: ["Date"] });
const t0 = new Date("2030-01-01T10:00:00Z").getTime();
afterAll(() => vi.useRealTimers());
const { handlers } = await import("@/server/auth");
const { env } = await import("@/server/env");

const db = await createTestDb();
provideDb(db);
await seedDemo(db, { bookings: 20 });
const base = "http://localhost:3000";

async function csrf(ip: string) {
  const res = await handlers.GET(new Request(`${base}/api/auth/csrf`, { headers: { "x-real-ip": ip } }) as never);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return { token: ((await res.json()) as { csrfToken: string }).csrfToken, cookie };
}

/** Asks for a sign-in link as the browser would; the answer's status and where it sends the browser. */
async function requestLink(ip: string, email: string) {
  const { token, cookie } = await csrf(ip);
  const res = await handlers.POST(
    new Request(`${base}/api/auth/signin/email`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie, "x-real-ip": ip },
      body: new URLSearchParams({ email, csrfToken: token, callbackUrl: `${base}/bookings` }),
    }) as never,
  );
  return { status: res.status, location: (res.headers.get("location") ?? "").replace(/^https?:\/\/[^/]+/, "") };
}

const mails = async (email: string) =>
  Number(
    (
      await db.$sql<{ n: number }[]>`
        select count(*)::int as n from mail_outbox where lower(to_address) = ${email.toLowerCase()} and tag = 'sign_in'`
    )[0].n,
  );

const sent = { status: 302, location: "/api/auth/verify-request?provider=email&type=email" };
// Back to the sign-in page, which says how long to wait (a full window here: 15 minutes).
const refused = { status: 302, location: "/signin?error=TooManyRequests&minutes=15" };

describe("sign-in link requests over HTTP", () => {
  beforeEach(() => vi.setSystemTime(t0));

  it("twelve requests for one address in a second send only the limit's worth of mail", async () => {
    const email = demoFixtures.traveler.email;
    const before = await mails(email);
    const answers = [];
    for (let i = 0; i < 12; i++) {
      vi.setSystemTime(t0 + i * 80);
      answers.push(await requestLink(`10.8.0.${i}`, i % 2 ? email.toUpperCase() : email));
    }
    expect(answers.slice(0, env.SIGN_IN_LINK_LIMIT)).toEqual(Array(env.SIGN_IN_LINK_LIMIT).fill(sent));
    expect(answers.slice(env.SIGN_IN_LINK_LIMIT)).toEqual(Array(12 - env.SIGN_IN_LINK_LIMIT).fill(refused));
    expect((await mails(email)) - before).toBe(env.SIGN_IN_LINK_LIMIT);
  });

  it("is refused the same way whether or not the address has an account", async () => {
    const known = demoFixtures.admin.email;
    const unknown = "nobody-here@example.com";
    const answers: Record<string, unknown[]> = { [known]: [], [unknown]: [] };
    for (const email of [known, unknown])
      for (let i = 0; i <= env.SIGN_IN_LINK_LIMIT; i++) answers[email].push(await requestLink(`10.8.1.${i}`, email));
    expect(answers[unknown]).toEqual(answers[known]);
    expect(answers[known].at(-1)).toEqual(refused);
    expect(await mails(unknown)).toBe(env.SIGN_IN_LINK_LIMIT);
  });

  it("limits one client address across many e-mail addresses", async () => {
    const ip = "10.8.2.1";
    for (let i = 0; i < env.SIGN_IN_LINK_ADDRESS_LIMIT; i++)
      expect(await requestLink(ip, `spray-${i}@example.com`)).toEqual(sent);
    expect(await requestLink(ip, "spray-last@example.com")).toEqual(refused);
    expect(await mails("spray-last@example.com")).toBe(0);
    expect(await requestLink("10.8.2.2", "spray-last@example.com")).toEqual(sent); // another client is not limited
  });

  it("counts in a sliding window: the limit lifts a full window after the first request, not at a boundary", async () => {
    const email = "slider@example.com";
    const boundary = t0 + 900_000; // where a 15-minute fixed window would start again
    vi.setSystemTime(boundary - 2000);
    for (let i = 0; i < env.SIGN_IN_LINK_LIMIT; i++) expect(await requestLink(`10.8.3.${i}`, email)).toEqual(sent);
    vi.setSystemTime(boundary + 2000);
    expect(await requestLink("10.8.3.100", email)).toEqual(refused);
    vi.setSystemTime(boundary - 2000 + 900_000);
    expect(await requestLink("10.8.3.101", email)).toEqual(sent);
  });
});

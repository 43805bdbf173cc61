import { request } from "node:http";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/tests/db";
import { startLocalApp } from "./local-app";

// Issue 20, item 4: an unauthenticated PUT /api/inngest must not re-register the functions under
// whatever Host it came in on (Inngest Cloud would then call that host).
const db = await createTestDb();
const { appUrl, close } = await startLocalApp(db, { only: ["mark-completed-bookings"] });
afterAll(() => close());

const urls = async () =>
  ((await db.execute(sql`select distinct url from job_functions`)) as unknown as { url: string }[]).map((r) => r.url);

/** fetch() drops a Host header; node:http sends it as given. */
function put(host: string) {
  const u = new URL("/api/inngest", appUrl);
  return new Promise<number>((resolve, reject) => {
    const req = request(
      { host: u.hostname, port: u.port, path: u.pathname, method: "PUT", headers: { host } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

describe("PUT /api/inngest (sync)", () => {
  it("is refused through a foreign Host, and the registered URL stays the app's", async () => {
    expect(await put("evil.example")).toBe(403);
    expect(await put(`evil.example:${new URL(appUrl).port}`)).toBe(403);
    expect(await urls()).toEqual([`${appUrl}/api/inngest?fnId=booking-ops-mark-completed-bookings&stepId=step`]);
  });

  it("is accepted through the app's own origin", async () => {
    expect(await put(new URL(appUrl).host)).toBe(200);
    expect((await urls())[0]).toMatch(new RegExp(`^${appUrl}/api/inngest\\?`));
  });
});

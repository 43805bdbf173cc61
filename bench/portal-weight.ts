// The portal's first-load JavaScript as Chromium receives it (docs/architecture.md, "Tests"): gzipped bytes of
// every script transferred when a guest opens the sign-in page and then their booking page, on the
// production build (run `npx next build` first). Starts the e2e server (fresh demo database).
//   npx tsx bench/portal-weight.ts        target: ≤ 200 KB gzipped
import { spawn } from "node:child_process";
import { chromium, type Page } from "@playwright/test";
import postgres from "postgres";

const port = 3190;
const base = `http://localhost:${port}`;
const server = spawn(process.execPath, ["--import", "tsx", "scripts/e2e-server.ts"], {
  env: { ...process.env, E2E_PORT: String(port) },
  stdio: ["ignore", "ignore", "inherit"],
  detached: true,
});
try {
  for (let i = 0; ; i++) {
    if ((await fetch(`${base}/signin`).catch(() => null))?.ok) break;
    if (i > 240) throw new Error("the app did not start");
    await new Promise((r) => setTimeout(r, 500));
  }
  const { databaseUrl } = JSON.parse(await import("node:fs").then((fs) => fs.readFileSync(".data/e2e.json", "utf8")));
  const sql = postgres(databaseUrl, { max: 1 });
  const [b] = await sql<
    { reference: string; last_name: string }[]
  >`select booking_reference as reference, lead_last_name as last_name from bookings where status = 'confirmed' limit 1`;
  await sql.end();

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"],
  });
  const page = await browser.newPage();
  /** Encoded (on-the-wire) bytes of the scripts a navigation loads, from a cold cache. */
  const scripts = async (go: (p: Page) => Promise<unknown>) => {
    const seen = new Map<string, Promise<number>>();
    const on = (r: import("@playwright/test").Response) => {
      if (r.request().resourceType() === "script")
        seen.set(
          r.url(),
          r
            .request()
            .sizes()
            .then((s) => s.responseBodySize),
        );
    };
    page.on("response", on);
    await go(page);
    await page.waitForLoadState("networkidle");
    page.off("response", on);
    const sizes = await Promise.all(seen.values());
    return { files: sizes.length, bytes: sizes.reduce((a, n) => a + n, 0) };
  };
  const signin = await scripts((p) => p.goto(`${base}/signin`));
  const booking = await scripts(async (p) => {
    await p.getByLabel("Booking reference").fill(b.reference);
    await p.getByLabel("Last name").fill(b.last_name);
    await p.getByRole("button", { name: "Find my booking" }).click();
    await p.waitForURL(/\/bookings\//);
  });
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log(
    `portal first load (/signin): ${signin.files} scripts, ${kb(signin.bytes)} transferred (target ≤ 200 KB gzipped)`,
  );
  console.log(
    `then the booking page adds ${booking.files} scripts, ${kb(booking.bytes)}; together ${kb(signin.bytes + booking.bytes)}`,
  );
  await browser.close();
} finally {
  try {
    process.kill(-server.pid!, "SIGTERM");
  } catch {
    /* already gone */
  }
}

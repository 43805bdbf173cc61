// Every console and portal page as a person loads it: signed in over HTTP like a person (e-mail link,
// guest reference + last name), each page's HTML to its last byte and then the tRPC calls it makes on
// load (recorded once in Chromium, replayed in parallel as a browser would), beside the SQL that
// page load sent (captured by the app server, db/client.ts SQL_CAPTURE_FILE) replayed directly in the
// same run; then Largest Contentful Paint of the dashboard and a booking in Chromium. Reads the
// already-seeded database DATABASE_URL points at, e.g. bookops_bench_1m; needs `npx next build`.
//   npx tsx bench/pages.ts [--runs 12] [--variants 4] [--only <label part>] [--port N]
import { rmSync } from "node:fs";
import postgres from "postgres";
import { databaseUrl } from "@/db/client";
import { demoFixtures } from "@/db/seed/fixtures";
import { launch, lcp, recordTrpc } from "./pages/chromium";
import { load } from "./pages/http";
import { buildTargets, guestBookings, type Target, type Variant } from "./pages/list";
import { freePort, startAppServer } from "./pages/server";
import { signInAsGuest, signInByEmail } from "./pages/sign-in";
import { captureSize, capturedBetween, replay } from "./pages/sql";
import { arg } from "./scratch";

const runs = arg("runs", 12);
const variantCount = Math.max(1, Math.min(arg("variants", 4), runs));
const onlyAt = process.argv.indexOf("--only");
const only = onlyAt > 0 ? process.argv[onlyAt + 1] : undefined;
const url = databaseUrl();
const sql = postgres(url, { max: 4, onnotice: () => {} });
const direct = postgres(url, { max: 1, onnotice: () => {} }); // the replay: one connection, in order

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from bookings`;
console.log(`bookings: ${n.toLocaleString("en-US")}`);

const server = await startAppServer(url, arg("port", 0) || (await freePort()));
const { base } = server;
const notes: string[] = [];
const failures = new Map<string, Set<string>>(); // label → "path → status"
const fail = (t: Target, what: string) => failures.set(t.label, (failures.get(t.label) ?? new Set()).add(what));

/** A page as a person loads it: the HTML to its last byte, then its tRPC calls in parallel. */
async function loadPage(t: Target, v: Variant): Promise<number> {
  const start = performance.now();
  const html = await load({ method: "GET", url: `${base}${v.path}`, headers: { accept: "text/html" } }, v.jar);
  const calls = await Promise.all(v.trpc.map((c) => load(c, v.jar)));
  const ms = performance.now() - start;
  if (html.status !== 200) fail(t, `${v.path} → ${html.status}`);
  calls.forEach(
    (c, i) => c.status !== 200 && fail(t, `${v.trpc[i].url.slice(base.length, base.length + 60)} → ${c.status}`),
  );
  return ms;
}

try {
  const sessions = {
    ops: await signInByEmail(base, sql, demoFixtures.admin.email),
    traveler: await signInByEmail(base, sql, demoFixtures.traveler.email),
    guests: await Promise.all(
      (await guestBookings(sql, variantCount)).map(async (g) => ({
        reference: g.reference,
        jar: await signInAsGuest(base, g.reference, g.lastName),
      })),
    ),
  };
  const built = await buildTargets(sql, sessions, variantCount);
  notes.push(...built.notes.filter((note) => !only || note.includes(only)));
  const targets = built.targets.filter((t) => !only || t.label.includes(only));

  // The tRPC calls each page makes on load, as Chromium makes them.
  const browser = await launch();
  for (const t of targets)
    for (const v of t.variants)
      v.trpc = await recordTrpc(browser, base, v.path, v.jar).catch((e: Error) => {
        fail(t, `Chromium: ${e.message.split("\n")[0]}`);
        return [];
      });
  await browser.close();

  for (const t of targets) for (const v of t.variants) await loadPage(t, v); // warm-up
  let writes = 0;
  for (const t of targets)
    for (const v of t.variants) {
      // What one load sends, alone on the server.
      const from = captureSize(server.captureFile);
      await loadPage(t, v);
      await sleep(30);
      const got = capturedBetween(server.captureFile, from, captureSize(server.captureFile));
      v.statements = got.reads;
      writes += got.writes;
      if (got.writes) notes.push(`${v.path}: ${got.writes} write statement(s) not replayed`);
    }
  let replayErrors = 0;
  for (const t of targets) for (const v of t.variants) replayErrors += await replay(direct, v.statements); // warm-up

  const page = new Map<Target, number[]>(targets.map((t) => [t, []]));
  const direct_ = new Map<Target, number[]>(targets.map((t) => [t, []]));
  for (let r = 0; r < runs; r++)
    for (const t of targets) {
      const v = t.variants[r % t.variants.length];
      page.get(t)!.push(await loadPage(t, v));
      const start = performance.now();
      await replay(direct, v.statements);
      direct_.get(t)!.push(performance.now() - start);
    } // interleaved: same conditions

  const rows = targets.map((t) => {
    const p50 = pct(page.get(t)!, 50),
      p95 = pct(page.get(t)!, 95);
    const s50 = pct(direct_.get(t)!, 50),
      s95 = pct(direct_.get(t)!, 95);
    const counts = t.variants.map((v) => v.statements.length);
    const [lo, hi] = [Math.min(...counts), Math.max(...counts)];
    const trpc = Math.max(...t.variants.map((v) => v.trpc.length));
    const ok = p95 < 100 && (p95 <= 1.5 * s95 || p95 - s95 <= 20) && !failures.has(t.label);
    return [
      t.label,
      String(trpc),
      p50.toFixed(1),
      p95.toFixed(1),
      lo === hi ? String(lo) : `${lo}–${hi}`,
      s50.toFixed(1),
      s95.toFixed(1),
      failures.has(t.label) ? "FAIL (status)" : ok ? "ok" : "MISS",
    ];
  });
  const head = ["page", "tRPC", "p50 ms", "p95 ms", "SQL statements", "SQL p50", "SQL p95", "verdict"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ");
  console.log(
    `runs: ${runs} per page over ${variantCount} variant(s) each; page = HTML to last byte + its tRPC calls; SQL = its captured reads replayed directly`,
  );
  console.log(line(head));
  console.log(widths.map((w) => "-".repeat(w)).join("-|-"));
  rows.forEach((r) => console.log(line(r)));
  console.log("verdict: p95 < 100 ms and (p95 ≤ 1.5× SQL p95 or ≤ 20 ms over)");

  const lcpPages = [
    { label: "/ops (dashboard)", path: "/ops" },
    { label: "/ops/bookings/[id]", path: targets.find((t) => t.label === "/ops/bookings/[id]")?.variants[0].path },
  ].filter((p) => p.path && (!only || p.label.includes(only)));
  if (lcpPages.length) {
    const b = await launch();
    for (const p of lcpPages) {
      const ms = await lcp(b, base, p.path!, sessions.ops, 5);
      console.log(`LCP ${p.label} (${p.path}): median ${ms.toFixed(0)} ms of 5 after a warm-up (target < 1.5 s)`);
    }
    await b.close();
  }

  console.log(`write statements captured and not replayed: ${writes}`);
  if (replayErrors) notes.push(`${replayErrors} captured statement(s) failed when replayed (left in the timings)`);
  for (const [label, what] of failures) notes.push(`${label}: ${[...what].slice(0, 3).join("; ")}`);
  for (const note of notes) console.log(`note: ${note}`);
} finally {
  server.stop();
  rmSync(server.captureFile, { force: true });
  await sql.end();
  await direct.end();
}

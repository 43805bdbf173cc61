// Webhook ingest over HTTP at 16 concurrent clients (verify + durable store + dedupe + outbox row),
// beside its fixed reference (docs/architecture.md, "Tests"): pgbench running a single-row INSERT of a ~1 KB
// webhook row into a table with the same unique key, on the same server, at the same client count.
//   npx tsx bench/webhook-ingest.ts [--seconds 10] [--clients 16] [--no-route] [--in-flight 2 --max-delay 2 --max-rows 200]
// DATABASE_URL is an admin URL (or the embedded database): a scratch database is created and dropped.
// The server under test runs in a child process, so the load generator does not share its event loop.
// Last run (2 shared cores, PostgreSQL on the same machine): pgbench 11,421 TPS; fast path 6,315
// req/s (55%); the route handler's code without group commit 2,960 req/s (26%). The figures move
// by ±30% with other load on the machine; the ratio less: 52% and 55% in the two runs of the
// default group commit (one batch in flight), 41–54% for 2 or 4 batches in flight.
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createDb, provideDb } from "@/db/client";
import type { GroupCommitOptions } from "@/db/group-commit";
import { signWebhook } from "@/server/services/webhooks/signature";
import { insertTestProviders, testProviders, webhookBody } from "@/tests/fixtures/webhooks";
import { driveLoad, forkServer, groupCommitFlags } from "./keep-alive";
import { pgbenchTps as runPgbench } from "./pgbench";
import { arg, withScratchDb } from "./scratch";

if (process.argv[2] === "--serve")
  await serve(process.argv[3] as "fast" | "route", process.argv[4], JSON.parse(process.argv[5] ?? "{}"));
else await main();

async function main() {
  const seconds = arg("seconds", 10),
    clients = arg("clients", 16);
  await withScratchDb("webhooks", async (href) => {
    const url = new URL(href);
    const db = createDb(url.href, { max: 2 });
    await insertTestProviders(db);
    // The reference table: provider_webhooks' columns, defaults, unique key and indexes.
    await db.$sql.unsafe(`create table bench_webhooks (like provider_webhooks including all)`);

    const payload = webhookBody("evt_reference");
    if (payload.includes("'")) throw new Error("payload must not contain a quote");
    const script = `insert into bench_webhooks (provider_code, webhook_id, event_type, occurred_at, payload) values ('skyway-air', gen_random_uuid()::text, 'booking.schedule_changed', now(), '${payload}');\n`;
    const pgbench = () => runPgbench(url.href, script, clients, seconds);
    // The machine is shared: the reference runs before and after the HTTP runs, and their mean counts.
    const pgbenchBefore = await pgbench();
    const fast = await measure("fast", url.href, clients, seconds);
    const route = process.argv.includes("--no-route") ? null : await measure("route", url.href, clients, seconds);

    const pgbenchAfter = await pgbench();
    const pgbenchTps = (pgbenchBefore + pgbenchAfter) / 2;
    const [{ n: refRows }] = await db.$sql<
      { n: number }[]
    >`select count(*)::int as n from bench_webhooks where payload->>'id' = 'evt_reference'`;
    const [{ rows, events }] = await db.$sql<{ rows: number; events: number }[]>`
        select (select count(*)::int from provider_webhooks) as rows, (select count(*)::int from outbox where name = 'provider_webhook/received') as events`;
    await db.$sql.end();

    const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
    console.log(`webhook ingest, ${clients} concurrent clients, ${seconds} s each, ~${payload.length} B bodies`);
    console.log(
      `  pgbench single-row INSERT (reference):        ${fmt(pgbenchTps)} TPS  (before ${fmt(pgbenchBefore)}, after ${fmt(pgbenchAfter)}; ${fmt(refRows)} rows)`,
    );
    console.log(
      `  fast path (node:http + group commit):         ${fmt(fast.tps)} req/s  = ${((fast.tps / pgbenchTps) * 100).toFixed(0)}% of pgbench  (${fast.errors} non-200; ≈${fast.meanBatch.toFixed(1)} rows per commit)`,
    );
    if (route)
      console.log(
        `  route handler code on node:http (no Next router, one commit per request): ${fmt(route.tps)} req/s = ${((route.tps / pgbenchTps) * 100).toFixed(0)}%  (${route.errors} non-200)`,
      );
    console.log(
      `  stored: ${fmt(rows)} webhooks, ${fmt(events)} outbox events (must be equal, and equal to the 200s: ${fmt(fast.ok + (route?.ok ?? 0))})`,
    );
  });
}

/** Starts the server in a child, drives it with `clients` keep-alive loops, 1 s warm-up first. */
async function measure(mode: "fast" | "route", url: string, clients: number, seconds: number) {
  const { child, port } = await forkServer(import.meta.filename, ["--serve", mode, url, groupCommitFlags(arg)]);
  const run = randomBytes(3).toString("hex");
  let seq = 0;
  const load = await driveLoad(
    port,
    clients,
    seconds,
    (conn) => {
      const body = webhookBody(`evt_${mode}_${run}_${seq++}`);
      return conn.post("/api/webhooks/providers/skyway-air", body, {
        "X-Webhook-Signature": signWebhook(testProviders["skyway-air"], body),
      });
    },
    200,
  );
  const stats = await new Promise<{ batches: number; rows: number }>((resolve) => {
    child.once("message", (m) => resolve(m as { batches: number; rows: number }));
    child.send("stats");
  });
  await new Promise((r) => {
    child.once("exit", r);
    child.send("exit");
  });
  if (load.errors) console.log(`  ${mode}: non-200 answers by status: ${JSON.stringify(load.statuses)}`);
  return { tps: load.rate, ok: load.ok, errors: load.errors, meanBatch: stats.rows / Math.max(1, stats.batches) };
}

/** Child: the server under test. */
async function serve(mode: "fast" | "route", url: string, groupCommit: GroupCommitOptions) {
  const db = createDb(url, { max: 10 }); // the app's pool size (db/client.ts getDb)
  const stats = { batches: 0, rows: 0 };
  let handler: (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => Promise<unknown>;
  if (mode === "fast") {
    const { createWebhookFastPath } = await import("@/server/webhooks/fast-path");
    handler = createWebhookFastPath(db, { groupCommit });
  } else {
    provideDb(db);
    const { POST } = await import("@/app/api/webhooks/providers/[provider]/route");
    handler = async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const provider = req.url!.split("/")[4];
      const r = await POST(
        new Request(`http://127.0.0.1${req.url}`, {
          method: "POST",
          body: Buffer.concat(chunks),
          headers: req.headers as Record<string, string>,
        }),
        { params: Promise.resolve({ provider }) },
      );
      const text = await r.text();
      res.writeHead(r.status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
      res.end(text);
    };
  }
  const commits = async () =>
    (
      await db.$sql<
        { n: string }[]
      >`select xact_commit::text as n from pg_stat_database where datname = current_database()`
    )[0].n;
  const [{ n: rows0 }] = await db.$sql<{ n: number }[]>`select count(*)::int as n from provider_webhooks`;
  const commits0 = Number(await commits());
  const server = createServer((req, res) => {
    void handler(req, res);
  });
  server.keepAliveTimeout = 65_000;
  server.listen(0, "127.0.0.1", () => process.send?.((server.address() as AddressInfo).port));
  process.on("message", async (m) => {
    if (m === "exit") process.exit(0);
    const [{ n: rows1 }] = await db.$sql<{ n: number }[]>`select count(*)::int as n from provider_webhooks`;
    stats.rows = rows1 - rows0;
    // pg_stat_database counts every commit (a few of them ours) and is flushed lazily: an estimate.
    stats.batches = Number(await commits()) - commits0;
    process.send?.(stats);
  });
}

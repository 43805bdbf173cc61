// Booking intake over HTTP at 16 concurrent clients: `POST /api/v1/bookings` on the launcher's fast
// path with a fixed realistic body (two travelers, a two-segment flight and a hotel, one card
// tender), timed to the 201, which is sent after validation and the commit of every row and the
// outbox event; beside pgbench's single-row INSERT on the same server in the same run.
//   npx tsx bench/intake.ts [--seconds 10] [--clients 16] [--in-flight 1 --max-delay 2 --max-rows 200]
// DATABASE_URL is an admin URL (or the embedded database): a scratch database is created and dropped.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createDb } from "@/db/client";
import type { GroupCommitOptions } from "@/db/group-commit";
import { opsActor } from "@/server/domain/actor";
import { createApiClient } from "@/server/services/api-clients/manage-clients";
import { issueApiKey } from "@/server/services/api-clients/manage-keys";
import { intakeBody, seedIntakeProviders } from "@/tests/fixtures/intake";
import { driveLoad, forkServer, groupCommitFlags } from "./keep-alive";
import { pgbenchTps } from "./pgbench";
import { arg, withScratchDb } from "./scratch";

if (process.argv[2] === "--serve") await serve(process.argv[3], JSON.parse(process.argv[4]) as GroupCommitOptions);
else await main();

async function main() {
  const seconds = arg("seconds", 10),
    clients = arg("clients", 16);
  await withScratchDb("intake", async (url) => {
    const db = createDb(url, { max: 2 });
    await seedIntakeProviders(db);
    const founder = opsActor("founder@example.com");
    const client = await createApiClient(db, { name: "bench checkout", actor: founder });
    const { key } = await issueApiKey(db, { clientId: client.id, name: "bench", actor: founder });
    await db.$sql.unsafe(
      `create table bench_rows (id uuid primary key default gen_random_uuid(), body jsonb not null)`,
    );
    const template = JSON.stringify(intakeBody("TAG"));
    const reference = `insert into bench_rows (body) values ('${template}');\n`;

    const before = await pgbenchTps(url, reference, clients, seconds);
    const http = await measure(url, key, template, clients, seconds);
    const after = await pgbenchTps(url, reference, clients, seconds);
    const pg = (before + after) / 2;
    const [{ bookings, events }] = await db.$sql<{ bookings: number; events: number }[]>`
      select (select count(*)::int from bookings) as bookings,
             (select count(*)::int from outbox where name = 'booking/created') as events`;
    await db.$sql.end();

    const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
    console.log(`booking intake, ${clients} concurrent clients, ${seconds} s, ${template.length} B bodies`);
    console.log(
      `  pgbench single-row INSERT of the body (reference): ${fmt(pg)} TPS (before ${fmt(before)}, after ${fmt(after)})`,
    );
    console.log(
      `  POST /api/v1/bookings (fast path): ${fmt(http.rate)} bookings/s = ${((http.rate / pg) * 100).toFixed(0)}% of pgbench (target ≥ 1,000/s; ${http.errors} non-201)`,
    );
    console.log(
      `  stored: ${fmt(bookings)} bookings, ${fmt(events)} booking/created events (both equal to the 201s: ${fmt(http.ok)})`,
    );
  });
}

/** Starts the server in a child, drives it with `clients` keep-alive loops, 1 s warm-up first. */
async function measure(url: string, key: string, template: string, clients: number, seconds: number) {
  const { child, port } = await forkServer(import.meta.filename, ["--serve", url, groupCommitFlags(arg)]);
  const headers = { Authorization: `Bearer ${key}` };
  let seq = 0;
  const load = await driveLoad(
    port,
    clients,
    seconds,
    (conn) => conn.post("/api/v1/bookings", template.replaceAll("TAG", `b${seq++}`), headers),
    201,
  );
  await new Promise((r) => {
    child.once("exit", r);
    child.send("exit"); // a clean exit writes the CPU profile
  });
  if (load.errors) console.log(`  non-201 answers by status: ${JSON.stringify(load.statuses)}`);
  return load;
}

/** Child: the server under test, the launcher's intake fast path on node:http. */
async function serve(url: string, groupCommit: GroupCommitOptions) {
  const db = createDb(url, { max: 10 }); // the app's pool size (db/client.ts getDb)
  const { createIntakeFastPath } = await import("@/server/http/intake-fast-path");
  const intake = createIntakeFastPath(db, { groupCommit });
  const server = createServer((req, res) => {
    void intake(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(0, "127.0.0.1", () => process.send?.((server.address() as AddressInfo).port));
  process.on("message", (m) => m === "exit" && process.exit(0));
}

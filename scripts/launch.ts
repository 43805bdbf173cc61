// One command serves everything locally (docs/architecture.md, "Process layout"): the database (embedded
// unless DATABASE_URL is set), migrations, demo data on first start, the job server and outbox
// relay (server/runtime/background.ts), then Next.js.
//   npm start        production build (built on first run) + next start
//   npm run dev      next dev
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { createDb } from "@/db/client";
import { startEmbedded } from "@/db/embedded";
import { ensureLocalConfig } from "@/db/local-config";
import { runMigrations } from "@/db/migrate";
import { demoFixtures } from "@/db/seed/fixtures";
import { isEmpty, seedDemo } from "@/db/seed";
import { requestDemoTravelerDocuments } from "@/server/services/documents/request-documents";
import { startBackground } from "@/server/runtime/background";
import { appServerArgs } from "./app-server-args";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const t0 = Date.now();
const log = (s: string) => console.log(`[launch +${((Date.now() - t0) / 1000).toFixed(1)}s] ${s}`);

let url = process.env.DATABASE_URL;
let stopDb = async () => {};
if (!url) {
  const embedded = await startEmbedded();
  url = embedded.url;
  stopDb = embedded.stop;
  ensureLocalConfig({ embeddedDatabaseUrl: url });
  log(`embedded PostgreSQL on port ${embedded.port} (data in .data/pg)`);
}
const local = ensureLocalConfig();

await runMigrations(url);
log("migrations applied");

const db = createDb(url, { max: 10 }); // seeding, then the job server and the relay
if (await isEmpty(db)) {
  log("empty database: seeding demo data…");
  const r = await seedDemo(db, { log });
  log(`seeded ${r.bookings} bookings in ${r.ms} ms`);
  await requestDemoTravelerDocuments(db); // seeded bookings never went through the confirmation that generates them
}

const next = path.join("node_modules", "next", "dist", "bin", "next");
const childEnv = {
  ...process.env,
  DATABASE_URL: url,
  AUTH_SECRET: process.env.AUTH_SECRET ?? local.authSecret,
  APP_URL: process.env.APP_URL ?? `http://localhost:${port}`,
  PORT: String(port),
  NODE_ENV: (dev ? "development" : "production") as "development" | "production",
};
const background = await startBackground(db, `http://127.0.0.1:${port}`, log, childEnv.APP_URL);
Object.assign(childEnv, background.env);
if (!dev && !existsSync(path.join(".next", "BUILD_ID"))) {
  log("no production build yet: running next build (about a minute)…");
  await run(process.execPath, [next, "build"], childEnv);
}
// The app server: Next.js behind the webhook fast path (scripts/server.ts), in its own process.
const app = spawn(process.execPath, appServerArgs(...(dev ? ["--dev"] : [])), {
  stdio: "inherit",
  env: childEnv,
});
log(`serving http://localhost:${port}  (portal: /  ops console: /ops)`);
void background.appStarted();
log(`ops sign-in: ${demoFixtures.admin.email} at /signin; the link is printed here and kept in the mail outbox`);

const shutdown = async (code: number) => {
  app.kill("SIGTERM");
  await background.stop();
  await db.$sql.end({ timeout: 2 });
  await stopDb();
  process.exit(code);
};
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
app.on("exit", (code) => void shutdown(code ?? 0));

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<void>((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: "inherit", env });
    p.on("exit", (c) => (c === 0 ? resolve() : reject(new Error(`${args.join(" ")} exited with ${c}`))));
  });
}

// The app as end-to-end tests see it: the production build on a fresh database with demo data, as two
// app servers behind one proxy hop sharing the database and an S3-compatible document bucket (the
// deployment topology of README, "Deploying"). The database URL, the second server and the bucket are
// written to .data/e2e.json so that tests can read the mail outbox and the store.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { createDb } from "@/db/client";
import { startEmbedded } from "@/db/embedded";
import { dataDir, ensureLocalConfig } from "@/db/local-config";
import { runMigrations } from "@/db/migrate";
import { seedDemo } from "@/db/seed";
import { startBackground } from "@/server/runtime/background";
import { startLocalS3 } from "@/tests/fixtures/local-s3";
import { appServerArgs } from "./app-server-args";

const port = Number(process.env.E2E_PORT ?? 3100);
const secondPort = port + 1;
const guestLookupLimit = 50;
const name = "bookops_e2e";
let adminUrl = process.env.DATABASE_URL;
let stop = async () => {};
if (!adminUrl) {
  const e = await startEmbedded({
    dir: path.join(dataDir, "pg-e2e"),
    port: Number(process.env.E2E_PG_PORT ?? 54331),
    database: "postgres",
  });
  adminUrl = e.adminUrl;
  stop = e.stop;
}
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`drop database if exists "${name}" with (force)`);
await admin.unsafe(`create database "${name}"`);
await admin.end();
const u = new URL(adminUrl);
u.pathname = `/${name}`;
const url = u.toString();

await runMigrations(url);
const db = createDb(url, { max: 10 });
await seedDemo(db, { bookings: 200 });
const s3 = await startLocalS3("bookops-e2e-documents");
mkdirSync(dataDir, { recursive: true });
writeFileSync(
  path.join(dataDir, "e2e.json"),
  JSON.stringify({
    databaseUrl: url,
    appUrl: `http://localhost:${port}`,
    secondAppUrl: `http://localhost:${secondPort}`,
    documentStore: s3.settings,
    guestLookupLimit,
  }),
);

const local = ensureLocalConfig();
for (const k of ["INNGEST_DEV", "INNGEST_EVENT_KEY", "INNGEST_SIGNING_KEY", "INNGEST_BASE_URL"]) delete process.env[k];
const background = await startBackground(
  db,
  `http://127.0.0.1:${port}`,
  (s) => console.log(`[e2e] ${s}`),
  `http://localhost:${port}`,
);
// Each server has a folder of its own, so a document that went to local disk instead of the bucket
// could not be served by the other.
const appServer = (listen: number) =>
  spawn(process.execPath, appServerArgs(), {
    stdio: "inherit",
    env: {
      ...process.env,
      ...background.env,
      ...s3.env,
      DOCUMENTS_DIR: path.join(dataDir, `e2e-documents-${listen}`),
      DATABASE_URL: url,
      AUTH_SECRET: local.authSecret,
      APP_URL: `http://localhost:${port}`,
      TRUSTED_PROXY_HOPS: "1",
      GUEST_LOOKUP_LIMIT: String(guestLookupLimit),
      GUEST_LOOKUP_REFERENCE_LIMIT: "50",
      SIGN_IN_LINK_LIMIT: "50",
      SIGN_IN_LINK_ADDRESS_LIMIT: "50",
      PORT: String(listen),
      NODE_ENV: "production",
    },
  });
const apps = [appServer(port), appServer(secondPort)];
void background.appStarted();
let closing = false;
const shutdown = async () => {
  if (closing) return;
  closing = true;
  for (const app of apps) app.kill("SIGTERM");
  await background.stop();
  await s3.stop();
  await db.$sql.end({ timeout: 2 });
  await stop();
  process.exit(0);
};
process.on("SIGTERM", () => void shutdown());
process.on("SIGINT", () => void shutdown());
for (const app of apps) app.on("exit", () => void shutdown());

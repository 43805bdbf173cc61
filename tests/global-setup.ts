import type { TestProject } from "vitest/node";
import postgres from "postgres";
import { startEmbedded } from "@/db/embedded";
import { runMigrations } from "@/db/migrate";
import { dataDir } from "@/db/local-config";
import path from "node:path";

// docs/architecture.md, "Tests": a real PostgreSQL; DATABASE_URL when set (CI), else an embedded one of the
// tests' own. The schema is migrated once into a template database; every test file clones it.

declare module "vitest" {
  export interface ProvidedContext {
    adminUrl: string;
    templateDb: string;
    runPrefix: string;
  }
}

// Names carry the run's start time: a run cleans up only its own databases, and those that
// crashed runs left behind over two hours ago, so two runs on one server never collide.
const RUN = `bookops_t${Math.floor(Date.now() / 1000)}_${process.pid}`;
const TEMPLATE = `${RUN}_template`;
const STALE_SECONDS = 2 * 3600;

export default async function setup(project: TestProject) {
  let adminUrl = process.env.DATABASE_URL;
  let stop = async () => {};
  if (!adminUrl) {
    const e = await startEmbedded({
      dir: path.join(dataDir, "pg-test"),
      port: Number(process.env.TEST_PG_PORT ?? 54330),
      database: "postgres",
    });
    adminUrl = e.adminUrl;
    stop = e.stop;
  }
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const all = await admin`select datname from pg_database where datname like 'bookops_t%'`;
  for (const { datname } of all) {
    const started = Number(/^bookops_t(\d+)_/.exec(datname)?.[1]);
    if (started && Date.now() / 1000 - started > STALE_SECONDS)
      await admin.unsafe(`drop database if exists "${datname}" with (force)`);
  }
  await admin.unsafe(`create database "${TEMPLATE}"`);
  await admin.end();
  await runMigrations(withDatabase(adminUrl, TEMPLATE));

  project.provide("adminUrl", adminUrl);
  project.provide("templateDb", TEMPLATE);
  project.provide("runPrefix", RUN);
  return async () => {
    const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
    const left = await a`select datname from pg_database where starts_with(datname, ${RUN})`;
    for (const { datname } of left) await a.unsafe(`drop database if exists "${datname}" with (force)`);
    await a.end();
    await stop();
  };
}

export function withDatabase(url: string, database: string) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

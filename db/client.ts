import { appendFileSync } from "node:fs";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";
import { readLocalConfig } from "./local-config";

export type Db = ReturnType<typeof createDb>;
/** A transaction handle; services take `Db | Tx` where they may run inside a caller's transaction. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

// bench/pages.ts: with SQL_CAPTURE_FILE set, every statement sent is appended there as a JSON line
// { at, query, params }. Unset (always, outside that bench): no debug hook at all.
const captureFile = process.env.SQL_CAPTURE_FILE;
const bigintAsText = (_: string, v: unknown) => (typeof v === "bigint" ? v.toString() : v);
const capture = captureFile
  ? {
      debug: (_: number, query: string, params: unknown[]) =>
        appendFileSync(captureFile, `${JSON.stringify({ at: Date.now(), query, params }, bigintAsText)}\n`),
    }
  : {};

export function createDb(url: string, options: postgres.Options<Record<string, never>> = {}) {
  const client = postgres(url, { max: 10, onnotice: () => {}, ...capture, ...options });
  return Object.assign(drizzle(client, { schema, casing: "snake_case" }), { $sql: client });
}

/** DATABASE_URL when set; else the embedded database that the launcher started (see db/embedded.ts). */
export function databaseUrl(): string {
  const url = process.env.DATABASE_URL || readLocalConfig()?.embeddedDatabaseUrl;
  if (!url) throw new Error("No database: set DATABASE_URL, or start the app with `npm start` (embedded PostgreSQL).");
  return url;
}

// One pool per process, kept across Next's hot reloads.
const g = globalThis as unknown as { __db?: Db };
export function getDb(): Db {
  g.__db ??= createDb(databaseUrl(), { max: Number(process.env.DB_POOL_MAX ?? 10) });
  return g.__db;
}

/** Tests and benches: `getDb()` (which functions and routes call) returns this database from now on. */
export function provideDb(db: Db): void {
  g.__db = db;
}

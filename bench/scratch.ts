// What every bench shares: its numeric flags, and a database of its own on the server that
// DATABASE_URL (an admin URL) or the embedded default points at, migrated, dropped afterwards.
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { databaseUrl } from "@/db/client";
import { runMigrations } from "@/db/migrate";

/** `--name value` from the command line as a number, else `fallback`. */
export const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

export async function withScratchDb<T>(label: string, run: (url: string) => Promise<T>): Promise<T> {
  const adminUrl = databaseUrl();
  const name = `bench_${label}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    await runMigrations(url.href);
    return await run(url.href);
  } finally {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

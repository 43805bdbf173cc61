import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, inject } from "vitest";
import { createDb, type Db } from "@/db/client";
import { withDatabase } from "./global-setup";

/**
 * A fresh, migrated database for this test file: `CREATE DATABASE … TEMPLATE` (milliseconds),
 * dropped when the file ends.
 */
export async function createTestDb(): Promise<Db & { url: string }> {
  const adminUrl = inject("adminUrl");
  const name = `${inject("runPrefix")}_${randomBytes(5).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}" template "${inject("templateDb")}"`);
  await admin.end();
  const url = withDatabase(adminUrl, name);
  const db = createDb(url, { max: 20 });
  afterAll(async () => {
    await db.$sql.end({ timeout: 5 });
    const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await a.unsafe(`drop database if exists "${name}" with (force)`);
    await a.end();
  });
  return Object.assign(db, { url });
}

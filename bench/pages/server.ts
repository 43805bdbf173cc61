// The production app server (scripts/server.ts on the existing `.next` build), with the SQL it sends
// captured to a file (db/client.ts, SQL_CAPTURE_FILE) and sign-in limits high enough for a bench.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, openSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { appServerArgs } from "@/scripts/app-server-args";

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

export type AppServer = { base: string; captureFile: string; log: string; stop(): void };

export async function startAppServer(databaseUrl: string, port: number): Promise<AppServer> {
  if (!existsSync(path.join(".next", "BUILD_ID")))
    throw new Error("no production build in .next: run npx next build first");
  const tag = randomBytes(4).toString("hex");
  const captureFile = path.join(os.tmpdir(), `bench-pages-${tag}.sql.jsonl`);
  const log = path.join(os.tmpdir(), `bench-pages-${tag}.server.log`);
  const out = openSync(log, "a");
  const base = `http://localhost:${port}`;
  const child = spawn(process.execPath, appServerArgs(), {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      APP_URL: base,
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: randomBytes(32).toString("hex"),
      SIGN_IN_LINK_LIMIT: "1000",
      SIGN_IN_LINK_ADDRESS_LIMIT: "1000",
      GUEST_LOOKUP_LIMIT: "1000",
      GUEST_LOOKUP_REFERENCE_LIMIT: "1000",
      SQL_CAPTURE_FILE: captureFile,
    },
    stdio: ["ignore", out, out],
    detached: true,
  });
  let exited = false;
  child.once("exit", () => (exited = true));
  const stop = () => {
    try {
      if (!exited) process.kill(-child.pid!, "SIGTERM");
    } catch {
      /* already gone */
    }
  };
  for (let i = 0; ; i++) {
    if ((await fetch(`${base}/signin`).catch(() => null))?.status === 200) break;
    if (exited || i > 240) {
      stop();
      const tail = readFileSync(log, "utf8").split("\n").slice(-15).join("\n");
      throw new Error(`the app server did not answer 200 on /signin (log ${log}):\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return { base, captureFile, log, stop };
}

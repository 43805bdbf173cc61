// The fixed reference the HTTP benches stand beside: pgbench running one SQL script at the same
// client count, on the same server, in the same run.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

/** Transactions per second of `script` (one statement per transaction) under pgbench. */
export async function pgbenchTps(url: string, script: string, clients: number, seconds: number): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), "bench-pgbench-"));
  try {
    const file = path.join(dir, "script.sql");
    writeFileSync(file, script);
    const { stdout } = await promisify(execFile)("/usr/bin/pgbench", [
      "-n",
      "-c",
      String(clients),
      "-j",
      "2",
      "-T",
      String(seconds),
      "-f",
      file,
      url,
    ]);
    return Number(/tps = ([\d.]+)/.exec(stdout)?.[1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

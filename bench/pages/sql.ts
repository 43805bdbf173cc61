// The statements a page load sent (db/client.ts appends them to SQL_CAPTURE_FILE), and their replay
// straight to PostgreSQL, one after another, writes left out (a replay must not change data).
import { closeSync, openSync, readSync, statSync } from "node:fs";
import type { Sql } from "postgres";

export type Statement = { query: string; params: unknown[] };

const isWrite = (query: string) =>
  /^\s*(with\b[\s\S]*\b)?(insert\s+into|update\s+\S+\s+set|delete\s+from|merge\s+into|truncate)\b/i.test(query);

export const captureSize = (file: string) => {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
};

/** The statements appended to the capture file between two sizes, split into reads and a count of writes. */
export function capturedBetween(file: string, from: number, to: number): { reads: Statement[]; writes: number } {
  const buf = Buffer.alloc(to - from);
  const fd = openSync(file, "r");
  try {
    readSync(fd, buf, 0, buf.length, from);
  } finally {
    closeSync(fd);
  }
  const all = buf
    .toString("utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Statement);
  const reads = all.filter((s) => !isWrite(s.query));
  return { reads, writes: all.length - reads.length };
}

/** Replays statements in order on one connection; returns how many failed (a failed one is skipped). */
export async function replay(sql: Sql, statements: Statement[]): Promise<number> {
  let failed = 0;
  for (const s of statements) {
    try {
      await sql.unsafe(s.query, s.params as never[]);
    } catch {
      failed++;
    }
  }
  return failed;
}

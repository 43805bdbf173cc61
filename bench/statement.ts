// Provider statement reconciliation (issue 23 item 4): a 100,000-line sandbox statement (with its
// deliberate missing, extra and mismatched lines) imported and matched against 100,000 bookings of
// ours, streamed from a file on disk as an upload would be; beside the reference of papaparse
// alone reading the same file in the same run. Target: under 30 s.
//   npx tsx bench/statement.ts [--lines 100000]
// DATABASE_URL is an admin URL (or the embedded database): a scratch database is created and dropped.
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import Papa from "papaparse";
import { createDb } from "@/db/client";
import { sandboxStatementCsv } from "@/server/providers/sandbox/statement";
import { importStatement } from "@/server/services/payouts/import-statement";
import { bookAtProvider, seedPayoutProvider } from "@/tests/fixtures/payouts";
import { arg, withScratchDb } from "./scratch";

const lines = arg("lines", 100_000);
const provider = "bench-air";
const day = new Date("2026-11-10T12:00:00Z");
const period = { providerCode: provider, currency: "EUR", from: "2026-11-01", to: "2026-11-30" };

await withScratchDb("statement", async (url) => {
  const db = createDb(url, { max: 4 });
  const dir = await mkdtemp(path.join(tmpdir(), "statement-bench-"));
  try {
    await seedPayoutProvider(db, provider);
    let t = performance.now();
    await bookAtProvider(db, { providerCode: provider, prefix: "BN", count: lines, currency: "EUR", createdAt: day });
    await db.$sql`analyze`;
    console.log(`seeded ${lines.toLocaleString("en-US")} bookings in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const file = path.join(dir, "statement.csv");
    await pipeline(Readable.from(sandboxStatementCsv(db, period)), createWriteStream(file));

    t = performance.now();
    let rows = 0;
    const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { header: true, skipEmptyLines: "greedy" });
    createReadStream(file).pipe(parser);
    for await (const _ of parser) rows++;
    const parseMs = performance.now() - t;

    t = performance.now();
    const r = await importStatement(db, { providerCode: provider, csv: createReadStream(file), importedBy: "bench" });
    const ms = performance.now() - t;
    const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
    console.log(`provider statement, ${fmt(r.lines)} lines against ${fmt(lines)} bookings`);
    console.log(
      `  papaparse alone (reference): ${fmt(rows)} rows in ${(parseMs / 1000).toFixed(2)} s, ${fmt((rows / parseMs) * 1000)} lines/s`,
    );
    console.log(
      `  import + match: ${(ms / 1000).toFixed(2)} s, ${fmt((r.lines / ms) * 1000)} lines/s (target < 30 s); ` +
        `${fmt(r.matched)} matched, ${r.disputes} disputes (expected 3)`,
    );
    if (r.disputes !== 3) process.exitCode = 1;
  } finally {
    await rm(dir, { recursive: true, force: true });
    await db.$sql.end();
  }
});

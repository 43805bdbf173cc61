// npm run import -- bookings.ndjson [--resume <runId>] [--batch 200]
// npm run import -- --errors <runId> > errors.ndjson
// Imports existing bookings, one JSON booking per line (docs/architecture.md, "Imports"), into the
// database (DATABASE_URL, else the embedded one) as the built-in import client. Idempotent per row
// key: running a file again stores nothing twice; --resume continues a run that stopped.
import { createReadStream, existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { provideDb } from "@/db/client";
import { importNdjson, type ImportProgress } from "@/server/services/intake/import-bookings";
import { countLines } from "@/server/services/intake/import-file";
import { getImportRun, importErrorsNdjson } from "@/server/services/intake/import-runs";
import { scriptDatabase } from "./script-database";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { resume: { type: "string" }, errors: { type: "string" }, batch: { type: "string" } },
});
const file = positionals[0];
const batchSize = Number(values.batch ?? 200);
if (!values.errors && !file) {
  console.error("Usage: npm run import -- <file.ndjson> [--resume <runId>] | --errors <runId> > errors.ndjson");
  process.exit(2);
}
if (file && !existsSync(file)) {
  console.error(`${file}: no such file`);
  process.exit(2);
}
if (!Number.isSafeInteger(batchSize) || batchSize < 1 || batchSize > 5000) {
  console.error("--batch must be a whole number from 1 to 5000");
  process.exit(2);
}

const { db, stop } = await scriptDatabase(2);
provideDb(db);

const n = (x: number) => x.toLocaleString("en-US");
function line(p: ImportProgress) {
  const total = p.linesTotal ?? 0;
  if (p.linesTotal === 0) return "the file is empty";
  const width = 30;
  const filled = total ? Math.round((Math.min(p.linesDone, total) / total) * width) : 0;
  const bar = `[${"#".repeat(filled)}${"-".repeat(width - filled)}]`;
  return `${bar} ${n(p.linesDone)}/${total ? n(total) : "?"} lines · ${n(p.created)} created · ${n(p.duplicates)} duplicates · ${n(p.errors)} errors`;
}

let runId: string | undefined;
try {
  if (values.errors) {
    if (!(await getImportRun(db, values.errors))) throw new Error(`There is no import run ${values.errors}`);
    for await (const l of importErrorsNdjson(db, values.errors)) process.stdout.write(l);
  } else {
    const tty = process.stderr.isTTY;
    let shown = 0;
    runId = values.resume;
    const p = await importNdjson(db, {
      runId: values.resume,
      stream: createReadStream(file!),
      source: "cli",
      fileName: path.basename(file!),
      linesTotal: await countLines(file!),
      batchSize,
      onProgress: (p) => {
        runId = p.runId;
        // On a terminal the line redraws itself; in a log, a line every 5% or so.
        if (tty) process.stderr.write(`\r${line(p)}`);
        else if (
          p.linesDone > shown &&
          (!p.linesTotal || p.linesDone - shown >= p.linesTotal / 20 || p.linesDone === p.linesTotal)
        ) {
          shown = p.linesDone;
          console.error(line(p));
        }
      },
    });
    if (tty) process.stderr.write("\n");
    console.log(`import run ${p.runId}: ${n(p.created)} created, ${n(p.duplicates)} duplicates, ${n(p.errors)} errors`);
    if (p.errors) console.log(`the refused lines and why: npm run import -- --errors ${p.runId} > errors.ndjson`);
  }
} catch (e) {
  if (process.stderr.isTTY) process.stderr.write("\n");
  console.error(e instanceof Error ? e.message : e);
  console.error(
    runId
      ? `import run ${runId} stopped; it continues where it stopped with: npm run import -- ${file} --resume ${runId}`
      : "the run stopped before its first batch; see /ops/imports for its id, or run the file again",
  );
  process.exitCode = 1;
} finally {
  await db.$sql.end();
  await stop();
}

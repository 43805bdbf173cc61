// Importing existing bookings from NDJSON (docs/architecture.md, "Imports"): one booking per line,
// read a line at a time, written a batch per transaction as the built-in `import` client. Each
// batch's transaction holds its bookings, their idempotency records, its refused lines and the
// run's resume point (`lines_done`) with its counters: a process killed inside a batch loses
// nothing and, resumed, repeats nothing.
import { createHash, randomUUID } from "node:crypto";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { pgRefusalOf } from "@/db/pg-errors";
import { insertJsonRows } from "@/db/raw-sql";
import { importRowErrors, importRuns, paymentTransactions, refunds } from "@/db/schema";
import { intakeRequests } from "@/db/schema/intake";
import { DomainError } from "@/server/domain/errors";
import { describeIssues } from "@/server/domain/input";
import type { IntakeAnswer } from "@/server/domain/intake/answer";
import type { BookingStatus, ItemStatus } from "@/server/domain/statuses";
import { env } from "@/server/env";
import {
  importKey,
  importLineV1,
  type ImportLineV1,
  type ImportRunStatus,
  type ImportSource,
} from "@/server/domain/intake/import-v1";
import { paymentGateway } from "@/server/payments";
import { IMPORT_CLIENT_ID } from "@/server/services/api-clients/import-client";
import { createBookings } from "@/server/services/lifecycle";
import { conflictOf } from "./intake-conflicts";
import { asIntakeBody, importRows, type ImportRows } from "./import-rows";
import { failImportRun, getImportRun, startImportRun } from "./import-runs";
import { newReference } from "./reference";

/** A line longer than this is refused without being parsed (an intake body is at most 1 MB). */
const MAX_LINE = 1_000_000;

export type ImportProgress = {
  runId: string;
  status: ImportRunStatus;
  linesTotal: number | null;
  linesDone: number;
  created: number;
  duplicates: number;
  errors: number;
};

export type ImportOptions = {
  /** Resume this run from its `lines_done`; a new run is started when left out. */
  runId?: string;
  /** The file: a stream of bytes (read with node:readline, closed when done) or its lines. */
  stream: Readable | AsyncIterable<string>;
  source: ImportSource;
  fileName: string;
  filePath?: string;
  linesTotal?: number;
  createdBy?: string;
  batchSize?: number;
  /** Stop (the run still running) once this call has written about this many lines: a job step's share. */
  maxLines?: number;
  onProgress?: (p: ImportProgress) => void | Promise<void>;
  /** Tests: called inside each batch's transaction after its rows are written, before its commit. */
  beforeCommit?: (batch: { firstLine: number; lastLine: number }) => void | Promise<void>;
};

type Line =
  | { lineNo: number; key: string | null; error: string }
  | { lineNo: number; key: string; line: ImportLineV1; sha: string };
type Good = Extract<Line, { line: ImportLineV1 }>;

export async function importNdjson(db: Db, opts: ImportOptions): Promise<ImportProgress> {
  const batchSize = Math.max(1, opts.batchSize ?? 200);
  const run = opts.runId
    ? await getImportRun(db, opts.runId)
    : await startImportRun(db, {
        source: opts.source,
        fileName: opts.fileName,
        filePath: opts.filePath,
        linesTotal: opts.linesTotal,
        createdBy: opts.createdBy,
      });
  if (!run) throw new DomainError("not_found", `There is no import run ${opts.runId}`);
  if (run.status === "done") return progressOf(run);
  if (run.status === "failed" || (opts.linesTotal !== undefined && run.linesTotal === null))
    await db
      .update(importRuns)
      .set({ status: "running", failure: null, finishedAt: null, linesTotal: run.linesTotal ?? opts.linesTotal })
      .where(eq(importRuns.id, run.id));
  let progress: ImportProgress = {
    ...progressOf(run),
    status: "running",
    linesTotal: run.linesTotal ?? opts.linesTotal ?? null,
  };
  const stopAt = opts.maxLines === undefined ? Infinity : progress.linesDone + opts.maxLines;
  const gateway = paymentGateway(db).name;

  let batch: Line[] = [];
  let lineNo = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    progress = await writeBatch(db, run.id, progress, batch, gateway, opts.beforeCommit);
    batch = [];
    await opts.onProgress?.(progress);
  };
  try {
    for await (const text of linesOf(opts.stream)) {
      lineNo++;
      if (lineNo <= progress.linesDone) continue;
      batch.push(parseLine(lineNo, text));
      if (batch.length >= batchSize) await flush();
      if (progress.linesDone >= stopAt) return progress;
    }
    await flush();
  } catch (e) {
    await failImportRun(db, run.id, e instanceof Error ? e.message : String(e)).catch(() => {});
    throw e;
  } finally {
    if (opts.stream instanceof Readable) opts.stream.destroy(); // read to its end, or left at a stop
  }
  // Every line went through a batch (a blank one too: the resume point is a line number), so
  // lines_done is the file's last line; a file of unknown length now has one.
  const [done] = await db
    .update(importRuns)
    .set({
      status: "done",
      finishedAt: new Date(),
      linesDone: sql`greatest(${importRuns.linesDone}, ${lineNo})`,
      linesTotal: sql`coalesce(${importRuns.linesTotal}, ${lineNo})`,
    })
    .where(eq(importRuns.id, run.id))
    .returning();
  progress = progressOf(done);
  await opts.onProgress?.(progress);
  return progress;
}

const progressOf = (r: typeof importRuns.$inferSelect): ImportProgress => ({
  runId: r.id,
  status: r.status,
  linesTotal: r.linesTotal,
  linesDone: r.linesDone,
  created: r.created,
  duplicates: r.duplicates,
  errors: r.errors,
});

function linesOf(stream: Readable | AsyncIterable<string>): AsyncIterable<string> {
  return stream instanceof Readable ? createInterface({ input: stream, crlfDelay: Infinity }) : stream;
}

function parseLine(lineNo: number, text: string): Line {
  if (text.length > MAX_LINE) return { lineNo, key: null, error: `the line is longer than ${MAX_LINE} characters` };
  if (text.trim() === "") return { lineNo, key: null, error: "" }; // blank: nothing to import, nothing to report
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { lineNo, key: null, error: `the line is not JSON: ${(e as Error).message}` };
  }
  const parsed = importLineV1.safeParse(raw);
  if (!parsed.success) return { lineNo, key: rawKey(raw), error: describeIssues(parsed.error) };
  const sha = createHash("sha256").update(JSON.stringify(raw)).digest("hex");
  return { lineNo, key: importKey(parsed.data)!, line: parsed.data, sha };
}

/** The key of a line the schema refused, when it has one, so its error row names it. */
function rawKey(raw: unknown): string | null {
  const r = raw as { checkoutSessionId?: unknown; platformBookingId?: unknown } | null;
  if (typeof r !== "object" || r === null) return null;
  const s = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim().slice(0, 255) : undefined);
  return importKey({ checkoutSessionId: s(r.checkoutSessionId), platformBookingId: s(r.platformBookingId) });
}

/** A row PostgreSQL or the lifecycle refused (the row is at fault), as opposed to a failure of the run. */
function isRefusal(e: unknown): boolean {
  if (e instanceof DomainError || e instanceof KeyTaken) return true;
  const pg = pgRefusalOf(e);
  return !!pg && (pg.code.startsWith("22") || pg.code.startsWith("23"));
}

/** Another run (or another line of this file, in a batch) stored this key first. */
class KeyTaken extends Error {}

/** The intake's answer, kept on the idempotency record, with the statuses the booking arrived in. */
type ImportAnswer = Omit<IntakeAnswer, "status" | "items"> & {
  status: BookingStatus;
  items: (Omit<IntakeAnswer["items"][number], "status"> & { status: ItemStatus })[];
};
type Prepared = { good: Good; rows: ImportRows; answer: ImportAnswer };

async function writeBatch(
  db: Db,
  runId: string,
  before: ImportProgress,
  batch: readonly Line[],
  gateway: string,
  beforeCommit: ImportOptions["beforeCommit"],
): Promise<ImportProgress> {
  const firstLine = batch[0].lineNo;
  const lastLine = batch[batch.length - 1].lineNo;
  return db.transaction(async (tx) => {
    // The resume point is read under the run's lock: two processes resuming one run cannot both
    // write a batch.
    const [run] = await tx
      .select({ linesDone: importRuns.linesDone })
      .from(importRuns)
      .where(eq(importRuns.id, runId))
      .for("update");
    if (run.linesDone !== before.linesDone)
      throw new Error(`import run ${runId} moved on to line ${run.linesDone} in another process`);

    const errors = batch.flatMap((l) =>
      "error" in l && l.error ? [{ lineNo: l.lineNo, key: l.key, message: l.error }] : [],
    );
    let duplicates = 0;
    const goods = batch.filter((l): l is Good => "line" in l);
    const known = await importedKeys(
      tx,
      goods.map((g) => g.key),
    );
    const fresh: Good[] = [];
    for (const g of goods) {
      const first = known.get(g.key);
      if (first === undefined) {
        known.set(g.key, g.sha);
        fresh.push(g);
      } else if (first === g.sha) duplicates++;
      else errors.push({ lineNo: g.lineNo, key: g.key, message: differentRow(g.key) });
    }

    let created = 0;
    if (fresh.length) {
      try {
        await tx.transaction((sp) =>
          writeRows(
            sp,
            fresh.map((g) => prepare(g, gateway)),
          ),
        );
        created = fresh.length;
      } catch (e) {
        if (!isRefusal(e)) throw e;
        // One row spoils the batch: each row again under its own savepoint, so only it is refused.
        for (const g of fresh) {
          const outcome = await writeAlone(tx, g, gateway);
          if (outcome === "created") created++;
          else if (outcome === "duplicate") duplicates++;
          else errors.push({ lineNo: g.lineNo, key: g.key, message: outcome.error });
        }
      }
    }

    if (errors.length)
      await tx
        .insert(importRowErrors)
        .values(errors.map((e) => ({ runId, lineNo: e.lineNo, rowKey: e.key, message: e.message })))
        .onConflictDoNothing();
    const [after] = await tx
      .update(importRuns)
      .set({
        linesDone: lastLine,
        created: sql`${importRuns.created} + ${created}`,
        duplicates: sql`${importRuns.duplicates} + ${duplicates}`,
        errors: sql`${importRuns.errors} + ${errors.length}`,
      })
      .where(eq(importRuns.id, runId))
      .returning();
    await beforeCommit?.({ firstLine, lastLine });
    return { ...progressOf(after), linesTotal: after.linesTotal ?? before.linesTotal };
  });
}

const differentRow = (key: string) =>
  `${key} was already imported from a different row: fix the row's key, or the row to match the first`;

/** The keys already imported (with the hash of the line that created each). */
async function importedKeys(tx: Tx, keys: readonly string[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const rows = await tx
    .select({ key: intakeRequests.sessionId, sha: intakeRequests.bodySha256 })
    .from(intakeRequests)
    .where(
      and(
        eq(intakeRequests.clientId, IMPORT_CLIENT_ID),
        eq(intakeRequests.outcome, "created"),
        inArray(intakeRequests.sessionId, [...new Set(keys)]),
      ),
    );
  return new Map(rows.map((r) => [r.key!, r.sha ?? ""]));
}

async function writeAlone(tx: Tx, g: Good, gateway: string): Promise<"created" | "duplicate" | { error: string }> {
  for (let attempt = 0; ; attempt++) {
    const p = prepare(g, gateway);
    try {
      await tx.transaction((sp) => writeRows(sp, [p]));
      return "created";
    } catch (e) {
      if (!isRefusal(e)) throw e;
      if (e instanceof KeyTaken) {
        const first = (await importedKeys(tx, [g.key])).get(g.key);
        return first === g.sha ? "duplicate" : { error: differentRow(g.key) };
      }
      const conflict = pgRefusalOf(e) ? conflictOf(e, asIntakeBody(g.line)) : null;
      if (conflict?.field === "reference" && !g.line.reference && attempt < 3) continue; // a made-up reference was taken
      if (conflict) return { error: `${conflict.field}: ${conflict.message}` };
      if (e instanceof DomainError) return { error: e.message };
      const pg = pgRefusalOf(e)!;
      return { error: `refused by the database (${pg.constraint ?? pg.code}): ${(e as Error).message}` };
    }
  }
}

function prepare(g: Good, gateway: string): Prepared {
  const bookingId = randomUUID();
  const itemIds = g.line.items.map(() => randomUUID());
  const reference = g.line.reference ?? newReference();
  const rows = importRows(g.line, { bookingId, itemIds, reference, gateway, at: new Date() });
  const answer: ImportAnswer = {
    bookingId,
    reference,
    status: g.line.status,
    items: g.line.items.map((item, i) => ({
      id: itemIds[i],
      provider: item.provider,
      providerReference: item.providerReference,
      status: item.status,
    })),
    links: {
      portal: new URL(`/bookings/${reference}`, env.APP_URL).toString(),
      console: new URL(`/ops/bookings/${bookingId}`, env.APP_URL).toString(),
    },
  };
  return { good: g, rows, answer };
}

/**
 * The intake's write (store-intakes.ts) for imported rows: the bookings in their statuses through
 * the lifecycle (reason `imported`), their payments, their refunds (after the payments: a trigger
 * adds each to its payment's and its booking's refunded amounts) and the idempotency records.
 */
async function writeRows(tx: Tx, batch: readonly Prepared[]) {
  await createBookings(
    tx,
    batch.map((p) => ({ booking: p.rows.booking, items: p.rows.items })),
    { actor: { kind: "api_client", id: IMPORT_CLIENT_ID }, reason: "imported", withMoneyHistory: true },
  );
  const payments = batch.flatMap((p) => p.rows.payments);
  if (payments.length) await tx.execute(insertJsonRows(paymentTransactions, payments));
  const refundRows = batch.flatMap((p) => p.rows.refunds);
  if (refundRows.length) await tx.execute(insertJsonRows(refunds, refundRows));
  const logged = await tx.execute<{ id: string }>(
    sql`${insertJsonRows(
      intakeRequests,
      batch.map((p) => ({
        clientId: IMPORT_CLIENT_ID,
        sessionId: p.good.key,
        outcome: "created" as const,
        httpStatus: 201,
        bodySha256: p.good.sha,
        bookingId: p.answer.bookingId,
        payload: p.good.line,
        response: p.answer,
      })),
    )} on conflict do nothing returning id`,
  );
  if (logged.length !== batch.length) throw new KeyTaken();
}

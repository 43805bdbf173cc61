import { randomUUID } from "node:crypto";
import { Readable, Transform } from "node:stream";
import { and, eq, sql } from "drizzle-orm";
import Papa from "papaparse";
import type { Db, Tx } from "@/db/client";
import { insertJsonRows } from "@/db/raw-sql";
import { payoutStatementLines, payoutStatements, providers } from "@/db/schema";
import { DomainError } from "@/server/domain/errors";
import { checkStatementHeader, parseStatementRow, StatementInputError } from "@/server/domain/statements/parse-row";
import type { StatementLine } from "@/server/domain/statements/types";
import { matchStatement } from "./match-statement";

// Statement import (issue 23 item 4): the CSV is parsed by papaparse as a stream, checked row by row
// and staged in batches into payout_statement_lines inside one transaction, then matched against
// our ledger in SQL. Any bad row rolls the whole import back: nothing is stored, and the error
// names the row and the field.

const BATCH = 5000;

export type ImportStatementInput = {
  providerCode: string;
  /** The CSV bytes (an upload's body, a file), read once, never whole in memory. */
  csv: Readable;
  fileName?: string | null;
  importedBy: string;
  now?: Date;
};

export type ImportStatementResult = {
  statementId: string;
  statementRef: string;
  alreadyImported: boolean;
  lines: number;
  matched: number;
  disputes: number;
};

/** Stops a stream past `max` bytes (the upload cap). */
export function capBytes(max: number, onTooLarge: () => Error) {
  let bytes = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done(bytes > max ? onTooLarge() : null, chunk);
    },
  });
}

/** Thrown inside the transaction to leave it untouched when the statement is already imported. */
class AlreadyImported extends Error {
  constructor(readonly existing: ImportStatementResult) {
    super("already imported");
  }
}

export async function importStatement(db: Db, input: ImportStatementInput): Promise<ImportStatementResult> {
  const csv = parseCsv(input.csv);
  const [provider] = await db
    .select({ code: providers.code })
    .from(providers)
    .where(eq(providers.code, input.providerCode));
  if (!provider) {
    input.csv.destroy();
    throw new DomainError("not_found", `There is no provider ${input.providerCode}`);
  }
  try {
    return await db.transaction((tx) => stageAndMatch(tx, input, csv));
  } catch (e) {
    if (e instanceof AlreadyImported) return e.existing;
    // Two imports of one statement at once: the unique key lets one through.
    if ((e as { code?: string }).code === "23505" && String(e).includes("payout_statements_provider_statement"))
      throw new DomainError("conflict", "This statement is being imported right now; try again in a moment");
    throw e;
  }
}

async function findImported(tx: Db | Tx, providerCode: string, ref: string): Promise<ImportStatementResult | null> {
  const [s] = await tx
    .select()
    .from(payoutStatements)
    .where(and(eq(payoutStatements.providerCode, providerCode), eq(payoutStatements.statementId, ref)));
  return s
    ? {
        statementId: s.id,
        statementRef: s.statementId,
        alreadyImported: true,
        lines: s.lineCount,
        matched: s.matchedCount,
        disputes: s.disputeCount,
      }
    : null;
}

/**
 * The CSV's records as a stream, wired before anything is awaited, so an error of the source (the
 * upload cap, a dropped connection) always reaches the reader.
 */
function parseCsv(csv: Readable) {
  const header: string[] = [];
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, {
    header: true,
    skipEmptyLines: "greedy",
    transformHeader: (h: string) => (header.push(h.trim()), h.trim()),
  });
  csv.on("error", (e) => parser.destroy(e));
  // The reader starts after a few awaits: until then the parser's error waits in its state (the
  // iterator throws it), not as an unhandled 'error' event.
  parser.on("error", () => {});
  csv.pipe(parser);
  return { header, records: parser as AsyncIterable<Record<string, string> & { __parsed_extra?: unknown }> };
}

async function stageAndMatch(
  tx: Tx,
  input: ImportStatementInput,
  { header, records }: ReturnType<typeof parseCsv>,
): Promise<ImportStatementResult> {
  const id = randomUUID();
  const seen = new Set<string>();
  let first: StatementLine | null = null;
  let batch: StatementLine[] = [];
  let row = 0;
  let total = 0n;
  let from = "",
    to = "";
  const flush = async () => {
    if (!batch.length) return;
    const rows = batch.map((l) => ({
      statementId: id,
      providerCode: input.providerCode,
      rowNumber: l.rowNumber,
      lineId: l.lineId,
      providerReference: l.providerReference,
      bookingReference: l.bookingReference,
      type: l.type,
      amountMinor: l.amountMinor,
      currency: l.currency,
      occurredOn: l.occurredOn,
      description: l.description,
    }));
    batch = [];
    await tx.execute(insertJsonRows(payoutStatementLines, rows));
  };

  for await (const record of records) {
    row++;
    if (row === 1) checkStatementHeader(header);
    if (record.__parsed_extra !== undefined || Object.keys(record).length !== header.length)
      throw new StatementInputError(
        row,
        "file",
        `has ${record.__parsed_extra ? "more" : "fewer"} fields than the header`,
      );
    const line = parseStatementRow(record, row);
    if (!first) {
      first = line;
      const existing = await findImported(tx, input.providerCode, line.statementId);
      if (existing) {
        input.csv.destroy();
        throw new AlreadyImported(existing);
      }
      await checkProviderCurrency(tx, input.providerCode, line.currency, row);
      await tx.insert(payoutStatements).values({
        id,
        providerCode: input.providerCode,
        statementId: line.statementId,
        currency: line.currency,
        periodFrom: line.occurredOn,
        periodTo: line.occurredOn,
        lineCount: 0,
        totalMinor: 0,
        fileName: input.fileName ?? null,
        importedBy: input.importedBy,
      });
    }
    if (line.statementId !== first.statementId)
      throw new StatementInputError(
        row,
        "statement_id",
        `"${line.statementId}" differs from row 1's "${first.statementId}"`,
      );
    if (line.currency !== first.currency)
      throw new StatementInputError(row, "currency", `${line.currency} differs from the statement's ${first.currency}`);
    if (seen.has(line.lineId)) throw new StatementInputError(row, "line_id", `"${line.lineId}" appears twice`);
    seen.add(line.lineId);
    total += BigInt(line.amountMinor);
    if (!from || line.occurredOn < from) from = line.occurredOn;
    if (!to || line.occurredOn > to) to = line.occurredOn;
    batch.push(line);
    if (batch.length >= BATCH) await flush();
  }
  if (!first) {
    if (header.length) checkStatementHeader(header);
    throw new StatementInputError(0, "file", "the statement has no lines");
  }
  await flush();
  if (total > BigInt(Number.MAX_SAFE_INTEGER) || total < BigInt(Number.MIN_SAFE_INTEGER))
    throw new StatementInputError(0, "amount", "the lines add up beyond what we can count exactly");
  await tx
    .update(payoutStatements)
    .set({ periodFrom: from, periodTo: to, lineCount: row, totalMinor: Number(total) })
    .where(eq(payoutStatements.id, id));
  const m = await matchStatement(tx, id, input.now ?? new Date());
  return { statementId: id, statementRef: first.statementId, alreadyImported: false, lines: row, ...m };
}

/** The provider's currency is one its bookings are priced in: a statement in another is refused. */
async function checkProviderCurrency(tx: Tx, providerCode: string, currency: string, row: number) {
  const r = await tx.execute<{ ok: boolean }>(
    sql`select exists(select 1 from booking_items where provider_code = ${providerCode} and price_currency = ${currency}) as ok`,
  );
  if (!r[0]?.ok)
    throw new StatementInputError(row, "currency", `${providerCode} has no bookings in ${currency}: not its currency`);
}

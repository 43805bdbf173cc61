import { sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import Papa from "papaparse";
import type { Db } from "@/db/client";
import { minorToStatementAmount } from "@/server/domain/statements/amount";
import { statementColumns } from "@/server/domain/statements/types";
import { ledgerEntries } from "./ledger";

// The ledger as CSV in the statement format (docs/architecture.md, "Money (second wave)"), so it
// can be compared with a provider's own statement line by line. Streamed through a cursor: a
// provider with a million entries is never held in memory.

const dialect = new PgDialect({ casing: "snake_case" });

type Entry = {
  provider_reference: string;
  type: string;
  amount_minor: string;
  currency: string;
  booking_item_id: string;
  booking_reference: string | null;
  occurred_on: string;
};

export async function* ledgerCsv(db: Db, providerCode: string, batch = 1000): AsyncGenerator<string> {
  yield `${statementColumns.join(",")}\r\n`;
  const q = dialect.sqlToQuery(
    sql`select provider_reference, type, amount_minor::text, currency, booking_item_id, booking_reference, occurred_on::text
        from (${ledgerEntries(providerCode)}) l order by occurred_on, type, booking_item_id`,
  );
  const ref = `ledger-${providerCode}`;
  for await (const rows of db.$sql.unsafe<Entry[]>(q.sql, q.params as never[]).cursor(batch)) {
    const lines = rows.map((e) => [
      ref,
      `${e.type}-${e.booking_item_id}`,
      e.provider_reference,
      e.booking_reference ?? "",
      e.type,
      minorToStatementAmount(Number(e.amount_minor), e.currency),
      e.currency,
      e.occurred_on,
      "",
    ]);
    yield `${Papa.unparse(lines, { header: false, newline: "\r\n", escapeFormulae: /^[=+@\t\r]/ })}\r\n`;
  }
}

import { DomainError } from "@/server/domain/errors";
import { calendarDate } from "@/server/domain/input";
import { isCurrency } from "@/server/domain/money";
import { statementAmountToMinor } from "./amount";
import {
  statementColumns,
  statementLineTypes,
  type StatementColumn,
  type StatementLine,
  type StatementLineType,
} from "./types";

/** Bad input in a statement: the row (1 = first line after the header, 0 = the header) and the field. */
export class StatementInputError extends DomainError {
  constructor(
    public readonly row: number,
    public readonly field: StatementColumn | "file",
    reason: string,
  ) {
    super("invalid", row === 0 ? `${field}: ${reason}` : `Row ${row}, ${field}: ${reason}`, { row, field });
    this.name = "StatementInputError";
  }
}

const maxLength: Partial<Record<StatementColumn, number>> = {
  statement_id: 100,
  line_id: 100,
  provider_reference: 255,
  booking_reference: 100,
  description: 500,
};

/** The header must name every column of the format; other columns are refused, not ignored. */
export function checkStatementHeader(fields: readonly string[]): void {
  const have = new Set(fields.map((f) => f.trim()));
  for (const c of statementColumns)
    if (!have.has(c)) throw new StatementInputError(0, c, "the header has no such column");
  const extra = fields.find((f) => !(statementColumns as readonly string[]).includes(f.trim()));
  if (extra !== undefined) throw new StatementInputError(0, "file", `unexpected column "${extra.slice(0, 40)}"`);
}

/** One CSV record (header-keyed) to a statement line, or the first field at fault. */
export function parseStatementRow(record: Record<string, string | undefined>, row: number): StatementLine {
  const text = (field: StatementColumn, required: boolean): string | null => {
    const v = (record[field] ?? "").trim();
    if (!v) {
      if (required) throw new StatementInputError(row, field, "is empty");
      return null;
    }
    const max = maxLength[field];
    if (max && v.length > max) throw new StatementInputError(row, field, `is longer than ${max} characters`);
    return v;
  };
  const statementId = text("statement_id", true)!;
  const lineId = text("line_id", true)!;
  const providerReference = text("provider_reference", true)!;
  const bookingReference = text("booking_reference", false);
  const type = text("type", true)!;
  if (!(statementLineTypes as readonly string[]).includes(type))
    throw new StatementInputError(row, "type", `"${type.slice(0, 20)}" is not one of ${statementLineTypes.join(", ")}`);
  const currency = text("currency", true)!;
  if (!isCurrency(currency))
    throw new StatementInputError(row, "currency", `"${currency.slice(0, 10)}" is not a currency we know`);
  let amountMinor: number;
  try {
    amountMinor = statementAmountToMinor(text("amount", true)!, currency);
  } catch (e) {
    throw new StatementInputError(row, "amount", (e as Error).message);
  }
  const occurredOn = text("occurred_on", true)!;
  const date = calendarDate.safeParse(occurredOn);
  if (!date.success) throw new StatementInputError(row, "occurred_on", date.error.issues[0].message);
  return {
    rowNumber: row,
    statementId,
    lineId,
    providerReference,
    bookingReference,
    type: type as StatementLineType,
    amountMinor,
    currency,
    occurredOn,
    description: text("description", false),
  };
}

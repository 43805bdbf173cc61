import Papa from "papaparse";
import type { Db } from "@/db/client";
import { exponentOf } from "@/server/domain/money";
import { minorToStatementAmount } from "@/server/domain/statements/amount";
import { statementColumns } from "@/server/domain/statements/types";

// A sandbox provider's statement for a period, in the statement format (docs/architecture.md,
// "Money (second wave)"), from the provider's own records (sandbox_bookings): a `booking` line of
// each booking's price, and a `cancellation` line of minus what it refunded (the sandbox refunds the
// whole price) for each cancelled one. Like a real provider's, it is not perfect. On purpose:
//   1. MISSING: the first booking (by reference) has no booking line (a booking they forgot);
//   2. MISMATCHED: the second booking's line is one major unit too high (they say we owe more);
//   3. EXTRA: an `adjustment` line of 25 major units for a reference we never had (a line we do
//      not know).
// So importing it gives exactly those three payout disputes, whatever else matches.

export type SandboxStatementInput = { providerCode: string; currency: string; from: string; to: string };

type Row = { ref: string; price: string; status: string; cancelled: boolean; day: string };

export const sandboxStatementId = (i: SandboxStatementInput) => `${i.providerCode}-${i.currency}-${i.from}-${i.to}`;

export async function* sandboxStatementCsv(db: Db, input: SandboxStatementInput): AsyncGenerator<string> {
  const { providerCode, currency, from, to } = input;
  const unit = 10 ** exponentOf(currency);
  const id = sandboxStatementId(input);
  let n = 0;
  const line = (ref: string, type: string, minor: number, day: string, description: string) => [
    id,
    `L${++n}`,
    ref,
    "",
    type,
    minorToStatementAmount(minor, currency),
    currency,
    day,
    description,
  ];
  yield `${statementColumns.join(",")}\r\n`;
  let seen = 0;
  const cursor = db.$sql<Row[]>`
    select provider_booking_id as ref, price_minor::text as price, status, cancellation_reference is not null as cancelled,
           greatest(least((updated_at at time zone 'UTC')::date, ${to}::date), ${from}::date)::text as day
    from sandbox_bookings
    where provider_code = ${providerCode} and currency = ${currency} and (updated_at at time zone 'UTC')::date <= ${to}::date
    order by provider_booking_id`.cursor(1000);
  for await (const rows of cursor) {
    const out: string[][] = [];
    for (const r of rows) {
      seen++;
      const price = Number(r.price);
      if (seen === 1)
        n++; // 1. missing: its line number is skipped, as a dropped line would be
      else out.push(line(r.ref, "booking", seen === 2 ? price + unit : price, r.day, "Booking"));
      if (r.cancelled || r.status === "CANCELLED")
        out.push(line(r.ref, "cancellation", -price, r.day, "Refund on cancellation"));
    }
    if (out.length) yield `${Papa.unparse(out, { header: false, newline: "\r\n" })}\r\n`;
  }
  const extra = [line(`ADJ-${id}`, "adjustment", 25 * unit, to, "Volume adjustment")];
  yield `${Papa.unparse(extra, { header: false, newline: "\r\n" })}\r\n`;
}

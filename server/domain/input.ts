import { z } from "zod";

// Input shapes every edge shares (tRPC inputs, forms): dates and instants are refused here, naming
// the field, rather than rolled over by Date or refused by PostgreSQL as a 500
// (docs/architecture.md, "Errors and input").

/** The years a date or instant may fall in: wider than any booking, narrower than Date and timestamptz. */
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2200;
const MIN_MS = Date.UTC(FIRST_YEAR, 0, 1);
const END_MS = Date.UTC(LAST_YEAR + 1, 0, 1);
const outOfRange = `is outside the years ${FIRST_YEAR}–${LAST_YEAR}`;

/** True for a real day on the calendar written YYYY-MM-DD: "2025-02-29" and "2025-04-31" are not. */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  // Date rolls day 31 of April over to May 1st; a real date survives the round trip.
  // setUTCFullYear, unlike Date.UTC, keeps years below 100 as written.
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

const quoted = (v: unknown) => (typeof v === "string" ? v.slice(0, 40) : String(v));

/** A day on the calendar, `YYYY-MM-DD`, within FIRST_YEAR–LAST_YEAR: "2027-04-31" is refused. */
export const calendarDate = z
  .string({ error: "Use YYYY-MM-DD" })
  // Aborts: text not shaped like a date is never echoed back (only a YYYY-MM-DD is quoted below).
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "Use YYYY-MM-DD", abort: true })
  .refine(isCalendarDate, { error: (i) => `${quoted(i.input)} is not a date on the calendar`, abort: true })
  .refine((s) => Number(s.slice(0, 4)) >= FIRST_YEAR && Number(s.slice(0, 4)) <= LAST_YEAR, {
    error: (i) => `${quoted(i.input)} ${outOfRange}`,
  });

const isoText = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

/**
 * An instant within FIRST_YEAR–LAST_YEAR, as a Date (superjson) or ISO 8601 text. Unlike
 * z.coerce.date(), null is not 1970, "2026-02-30" does not roll over and "0000-01-01" is refused.
 */
export const instant = z
  .union([z.date(), z.string().max(40)], { error: "Use an ISO 8601 date and time" })
  .transform((v, ctx) => {
    const fail = (message: string) => {
      ctx.issues.push({ code: "custom", message, input: v });
      return z.NEVER;
    };
    if (typeof v === "string") {
      if (/^[+-]\d{6}-/.test(v)) return fail(`${quoted(v)} ${outOfRange}`);
      if (/^\d{4}-\d{2}-\d{2}/.test(v) && !isCalendarDate(v.slice(0, 10)))
        return fail(`${quoted(v)} is not a date on the calendar`);
      if (!isoText.safeParse(v).success) return fail("Use an ISO 8601 date and time");
    }
    const d = new Date(v);
    if (!(d.getTime() >= MIN_MS && d.getTime() < END_MS))
      return fail(`${typeof v === "string" ? quoted(v) : d.toISOString()} ${outOfRange}`);
    return d;
  });

/**
 * Validation issues as a person reads them: "startDate: 2027-04-31 is not a date on the calendar".
 * At most three, each with its field path; never zod's JSON.
 */
export function describeIssues(error: z.ZodError): string {
  const lines = error.issues.slice(0, 3).map((i) => `${i.path.map(String).join(".") || "input"}: ${i.message}`);
  const more = error.issues.length - lines.length;
  return lines.join("; ") + (more > 0 ? ` (and ${more} more)` : "");
}

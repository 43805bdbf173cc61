// US business days: Monday–Friday except US federal holidays (5 U.S.C. 6103), with their observed
// dates (Executive Order 11582 as applied by OPM: a holiday on a Saturday is observed on the
// Friday before, on a Sunday on the Monday after). Holidays are computed by rule for any year.
// Dates are calendar days written "YYYY-MM-DD"; arithmetic runs on UTC midnights (no zone needed).

const DAY = 86_400_000;

export type IsoDate = string; // "YYYY-MM-DD"

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseIsoDate(d: IsoDate): number {
  const m = ISO_DATE.exec(d);
  if (!m) throw new RangeError(`Not a date: ${d}`);
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3]);
  if (new Date(ms).toISOString().slice(0, 10) !== d) throw new RangeError(`Not a date: ${d}`);
  return ms;
}
const iso = (ms: number): IsoDate => new Date(ms).toISOString().slice(0, 10);

export const addDays = (d: IsoDate, n: number): IsoDate => iso(parseIsoDate(d) + n * DAY);
/** 0 = Sunday … 6 = Saturday. */
export const weekday = (d: IsoDate) => new Date(parseIsoDate(d)).getUTCDay();

/** The n-th (1-based) `dow` of a month, or the last one when n = -1. */
function nthWeekday(year: number, month: number, dow: number, n: number): IsoDate {
  if (n > 0) {
    const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
    return iso(Date.UTC(year, month - 1, 1 + ((dow - first + 7) % 7) + (n - 1) * 7));
  }
  const lastDay = new Date(Date.UTC(year, month, 0));
  return iso(Date.UTC(year, month - 1, lastDay.getUTCDate() - ((lastDay.getUTCDay() - dow + 7) % 7)));
}

export type FederalHoliday = { name: string; date: IsoDate; observed: IsoDate };

/** 5 U.S.C. 6103(a), as in force since 2021 (Juneteenth added by Pub. L. 117-17). */
export function federalHolidays(year: number): FederalHoliday[] {
  const fixed = (m: number, d: number) => iso(Date.UTC(year, m - 1, d));
  const list: { name: string; date: IsoDate }[] = [
    { name: "New Year's Day", date: fixed(1, 1) },
    { name: "Birthday of Martin Luther King, Jr.", date: nthWeekday(year, 1, 1, 3) },
    { name: "Washington's Birthday", date: nthWeekday(year, 2, 1, 3) },
    { name: "Memorial Day", date: nthWeekday(year, 5, 1, -1) },
    ...(year >= 2021 ? [{ name: "Juneteenth National Independence Day", date: fixed(6, 19) }] : []),
    { name: "Independence Day", date: fixed(7, 4) },
    { name: "Labor Day", date: nthWeekday(year, 9, 1, 1) },
    { name: "Columbus Day", date: nthWeekday(year, 10, 1, 2) },
    { name: "Veterans Day", date: fixed(11, 11) },
    { name: "Thanksgiving Day", date: nthWeekday(year, 11, 4, 4) },
    { name: "Christmas Day", date: fixed(12, 25) },
  ];
  return list.map((h) => {
    const dow = weekday(h.date);
    return { ...h, observed: dow === 6 ? addDays(h.date, -1) : dow === 0 ? addDays(h.date, 1) : h.date };
  });
}

const observedCache = new Map<number, Set<IsoDate>>();
/** Observed dates falling in `year` (New Year's Day of year+1 on a Saturday is observed on 31 December). */
function observedIn(year: number): Set<IsoDate> {
  let s = observedCache.get(year);
  if (!s) {
    s = new Set(
      [year - 1, year, year + 1]
        .flatMap(federalHolidays)
        .map((h) => h.observed)
        .filter((d) => d.startsWith(`${year}-`)),
    );
    observedCache.set(year, s);
  }
  return s;
}

export function isFederalHoliday(d: IsoDate): boolean {
  return observedIn(+d.slice(0, 4)).has(d);
}

export function isBusinessDay(d: IsoDate): boolean {
  const dow = weekday(d);
  return dow !== 0 && dow !== 6 && !isFederalHoliday(d);
}

/**
 * The date `n` business days after `d` (n ≥ 0): the day itself does not count, as with "within 7
 * business days" of a request. With n = 0, `d` itself if it is a business day, else the next one.
 */
export function addBusinessDays(d: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`addBusinessDays needs n ≥ 0, got ${n}`);
  let cur = d;
  if (n === 0) {
    while (!isBusinessDay(cur)) cur = addDays(cur, 1);
    return cur;
  }
  for (let left = n; left > 0;) {
    cur = addDays(cur, 1);
    if (isBusinessDay(cur)) left--;
  }
  return cur;
}

/** Business days strictly after `from` up to and including `to` (0 when to ≤ from). */
export function businessDaysBetween(from: IsoDate, to: IsoDate): number {
  let n = 0;
  for (let cur = addDays(from, 1); cur <= to; cur = addDays(cur, 1)) if (isBusinessDay(cur)) n++;
  return n;
}

// The dashboard's calendar periods, in UTC (the rollups are keyed by UTC day; README.md says why).
const DAY = 86_400_000;

export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Start days (YYYY-MM-DD, UTC) of today, this ISO week (Monday) and this month, and the 30-day window. */
export function periodStarts(now: Date) {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const sinceMonday = (now.getUTCDay() + 6) % 7;
  return {
    today: isoDay(today),
    week: isoDay(today - sinceMonday * DAY),
    month: isoDay(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)),
    /** The last 30 days, today included: the window of the rates and timings. */
    last30: isoDay(today - 29 * DAY),
  };
}

// Local wall-clock times in IANA zones (the platform's tz database through Intl), without an Intl
// round trip per call: offsets are memoised per zone and UTC day, which keeps a million-booking
// seed fast, and computed exactly on the days a zone changes its offset.

const formats = new Map<string, Intl.DateTimeFormat>();
/** Per zone: UTC day → the day's offset, or NaN when it changes that day (then per hour). */
const days = new Map<string, Map<number, number>>();
const HOUR = 3_600_000,
  DAY = 24 * HOUR;

function exactOffset(zone: string, utcMs: number): number {
  const t = Math.floor(utcMs / 1000) * 1000; // Intl shows whole seconds
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formats.set(zone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
  return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second) - t;
}

/** The zone's UTC offset in ms at the instant `utcMs`. */
export function offsetMs(zone: string, utcMs: number): number {
  let perDay = days.get(zone);
  if (!perDay) days.set(zone, (perDay = new Map()));
  const day = Math.floor(utcMs / DAY);
  let v = perDay.get(day);
  if (v === undefined) {
    // Offsets change at most once a day: equal at both ends → valid all day.
    const a = exactOffset(zone, day * DAY),
      b = exactOffset(zone, (day + 1) * DAY - 1000);
    v = a === b ? a : Number.NaN;
    perDay.set(day, v);
  }
  return Number.isNaN(v) ? exactOffset(zone, utcMs) : v;
}

/** The instant at which the wall clock in `zone` shows `localMs` (a Date.UTC of the wall-clock fields). */
export function localToUtc(localMs: number, zone: string): number {
  const guess = localMs - offsetMs(zone, localMs);
  return localMs - offsetMs(zone, guess);
}

/** "YYYY-MM-DDTHH:mm" as the wall clock in `zone` shows it at `utcMs`. */
export function formatLocal(utcMs: number, zone: string): string {
  return new Date(utcMs + offsetMs(zone, utcMs)).toISOString().slice(0, 16);
}

/** The wall-clock ms of the local midnight of the day containing `utcMs` in `zone`, plus `hours`. */
export function localDayAt(utcMs: number, zone: string, dayOffset: number, hours: number, minutes = 0): number {
  const local = utcMs + offsetMs(zone, utcMs);
  const midnight = Math.floor(local / (24 * HOUR)) * 24 * HOUR;
  return midnight + dayOffset * 24 * HOUR + hours * HOUR + minutes * 60_000;
}

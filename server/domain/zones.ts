// Local wall-clock times in IANA zones (the platform's tz database through Intl): the one place
// that turns a local time into a UTC instant and back (docs/architecture.md, "Time"). Offsets are
// memoised per zone and UTC day, without an Intl round trip per call, which keeps a million-booking
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

/**
 * The instant at which the wall clock in `zone` shows `localMs` (a Date.UTC of the wall-clock
 * fields), resolved like Temporal's "compatible": an ambiguous fall-back time is the earlier of its
 * two instants; a time in a spring-forward gap moves forward by the gap (the clock never showed
 * it). Zones change their offset at most once a day, so the offsets a day either side bound it.
 */
export function localToUtc(localMs: number, zone: string): number {
  const before = localMs - offsetMs(zone, localMs - DAY),
    after = localMs - offsetMs(zone, localMs + DAY);
  const shows = (u: number) => u + offsetMs(zone, u) === localMs;
  if (shows(before) && shows(after)) return Math.min(before, after);
  if (shows(before)) return before;
  if (shows(after)) return after;
  return before; // in the gap: the old offset carries the time past it
}

/** A local wall-clock time ("2025-03-09T08:00", seconds optional) at a place with an IANA zone. */
export type LocalTime = { local: string; zone: string };

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** The UTC instant of a local time in its zone (see localToUtc for DST gaps and overlaps). */
export function instantOf(t: LocalTime): Date {
  const m = LOCAL.exec(t.local);
  if (!m) throw new RangeError(`Not a local date-time: ${t.local}`);
  const [, y, mo, d, h, mi, s] = m;
  const wall = Date.UTC(+y, +mo - 1, +d, +h, +mi, +(s ?? 0));
  try {
    return new Date(localToUtc(wall, t.zone));
  } catch {
    throw new RangeError(`Unknown time zone: ${t.zone}`);
  }
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

/** Zone names already answered: building an Intl.DateTimeFormat per check is most of a validation's cost. */
const knownZones = new Map<string, boolean>();

/** An IANA zone name the tz database knows ("Europe/Paris", "UTC"); offsets such as "+01:00" are not zones. */
export function isTimeZone(zone: string): boolean {
  const known = knownZones.get(zone);
  if (known !== undefined) return known;
  let ok = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/.test(zone);
  if (ok) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: zone });
    } catch {
      ok = false;
    }
  }
  if (knownZones.size < 10_000) knownZones.set(zone, ok); // bounded: names sent by callers are not trusted
  return ok;
}

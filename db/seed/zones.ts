// Local wall-clock times in IANA zones, without a per-call Intl round trip: offsets are memoised
// per zone and UTC hour, which keeps a million-booking seed fast and still exact across DST.

const formats = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();
const HOUR = 3_600_000;

/** The zone's UTC offset in ms at the instant `utcMs`. */
export function offsetMs(zone: string, utcMs: number): number {
  const hour = Math.floor(utcMs / HOUR);
  const key = `${zone}|${hour}`;
  let v = offsets.get(key);
  if (v === undefined) {
    let f = formats.get(zone);
    if (!f) {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
      });
      formats.set(zone, f);
    }
    const p = Object.fromEntries(f.formatToParts(new Date(hour * HOUR)).map((x) => [x.type, x.value]));
    v = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second) - hour * HOUR;
    offsets.set(key, v);
  }
  return v;
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

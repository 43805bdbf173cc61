/**
 * Cron schedules as Inngest accepts them: five fields (minute hour day-of-month month
 * day-of-week), lists, ranges, steps, month/day names, `@hourly`-style macros and an optional
 * `TZ=Area/City ` prefix (default UTC). Day-of-month and day-of-week combine with OR when both are
 * restricted, as in Vixie cron. A fire time in a DST gap or overlap resolves as every local time
 * does (server/domain/zones.ts).
 */
import { localToUtc, offsetMs } from "@/server/domain/zones";

type Field = { values: Set<number>; restricted: boolean };
export type CronSchedule = { minute: Field; hour: Field; dom: Field; month: Field; dow: Field; tz: string };

const macros: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};
const monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

function parseField(src: string, min: number, max: number, names?: string[], nameBase = 0): Field {
  const values = new Set<number>();
  const num = (s: string) => {
    const i = names?.indexOf(s.toLowerCase()) ?? -1;
    const n = i >= 0 ? i + nameBase : Number(s);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`Bad cron value "${s}" (${min}-${max})`);
    return n;
  };
  for (const part of src.split(",")) {
    const [range, stepStr] = part.split("/");
    const step = stepStr === undefined ? 1 : Number(stepStr);
    if (!Number.isInteger(step) || step < 1) throw new Error(`Bad cron step "${part}"`);
    let lo: number, hi: number;
    if (range === "*") [lo, hi] = [min, max];
    else if (range.includes("-")) {
      const [a, b] = range.split("-");
      [lo, hi] = [num(a), num(b)];
    } else {
      lo = num(range);
      hi = stepStr === undefined ? lo : max;
    }
    for (let v = lo; v <= hi; v += step) values.add(v);
  }
  return { values, restricted: !src.startsWith("*") };
}

export function parseCron(expr: string): CronSchedule {
  let src = expr.trim(),
    tz = "UTC";
  const tzMatch = /^(?:CRON_)?TZ=(\S+)\s+(.*)$/.exec(src);
  if (tzMatch) [, tz, src] = tzMatch;
  src = macros[src] ?? src;
  const parts = src.split(/\s+/);
  if (parts.length !== 5) throw new Error(`Cron "${expr}" must have five fields`);
  new Intl.DateTimeFormat("en-US", { timeZone: tz }); // throws on an unknown zone
  const dow = parseField(parts[4], 0, 7, dayNames);
  if (dow.values.has(7)) {
    dow.values.delete(7);
    dow.values.add(0);
  }
  return {
    minute: parseField(parts[0], 0, 59),
    hour: parseField(parts[1], 0, 23),
    dom: parseField(parts[2], 1, 31),
    month: parseField(parts[3], 1, 12, monthNames, 1),
    dow,
    tz,
  };
}

/** The first fire time strictly after `after`. */
export function nextCronTime(schedule: CronSchedule | string, after: Date): Date {
  const s = typeof schedule === "string" ? parseCron(schedule) : schedule;
  // Search in wall-clock time (a Date whose UTC fields are the zone's local fields).
  const t = new Date(after.getTime() + offsetMs(s.tz, after.getTime()));
  t.setUTCSeconds(0, 0);
  t.setUTCMinutes(t.getUTCMinutes() + 1);
  const limit = t.getTime() + 5 * 366 * 86_400_000;
  while (t.getTime() < limit) {
    if (!s.month.values.has(t.getUTCMonth() + 1)) {
      t.setUTCMonth(t.getUTCMonth() + 1, 1);
      t.setUTCHours(0, 0);
      continue;
    }
    const domOk = s.dom.values.has(t.getUTCDate()),
      dowOk = s.dow.values.has(t.getUTCDay());
    const dayOk = s.dom.restricted && s.dow.restricted ? domOk || dowOk : domOk && dowOk;
    if (!dayOk) {
      t.setUTCDate(t.getUTCDate() + 1);
      t.setUTCHours(0, 0);
      continue;
    }
    if (!s.hour.values.has(t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0);
      continue;
    }
    if (!s.minute.values.has(t.getUTCMinutes())) {
      t.setUTCMinutes(t.getUTCMinutes() + 1);
      continue;
    }
    const instant = localToUtc(t.getTime(), s.tz);
    if (instant > after.getTime()) return new Date(instant);
    t.setUTCMinutes(t.getUTCMinutes() + 1);
  }
  throw new Error("Cron schedule never fires");
}

// Pure formatting for documents: local times with their IANA zone and UTC offset, durations, and
// defensive reads of an item's `details` JSON (providers send what they send).
import { localToUtc, offsetMs } from "@/server/domain/zones";
import { printable } from "./fonts";

export type LocalTimeView = { text: string; zone: string; offset: string };

const formats = new Map<string, Intl.DateTimeFormat>();
function formatIn(zone: string): Intl.DateTimeFormat {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", {
      timeZone: zone,
      weekday: "short",
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formats.set(zone, f);
  }
  return f;
}

/** A local wall-clock time as printed where it happens ("Thu, 20 Mar 2031, 11:05"), whatever its zone. */
export const wallClockText = (local: string) => formatIn("UTC").format(Date.parse(`${local.slice(0, 16)}:00Z`));

function validZone(zone: string | null | undefined): string {
  if (!zone) return "UTC";
  try {
    formatIn(zone);
    return zone;
  } catch {
    return "UTC";
  }
}

/** "UTC+05:30" for an offset in ms. */
export function offsetLabel(ms: number): string {
  const sign = ms < 0 ? "-" : "+";
  const m = Math.round(Math.abs(ms) / 60_000);
  return `UTC${sign}${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}

/** An instant as the wall clock in `zone` shows it, with the zone's name and its offset at that instant. */
export function localTime(
  at: Date | string | number | null | undefined,
  zone: string | null | undefined,
): LocalTimeView | null {
  if (at === null || at === undefined) return null;
  const ms = typeof at === "number" ? at : new Date(at).getTime();
  if (!Number.isFinite(ms)) return null;
  const z = validZone(zone);
  return { text: formatIn(z).format(ms), zone: z, offset: offsetLabel(offsetMs(z, ms)) };
}

/** A wall-clock string ("2026-03-03T14:05") in `zone`, as providers write segment times. */
export function wallClock(local: unknown, zone: unknown): LocalTimeView | null {
  if (typeof local !== "string" || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(local)) return null;
  const z = validZone(typeof zone === "string" ? zone : null);
  const wall = Date.parse(`${local.slice(0, 16)}:00Z`);
  return Number.isFinite(wall) ? localTime(localToUtc(wall, z), z) : null;
}

export const timeLine = (t: LocalTimeView | null) => (t ? `${t.text} (${t.zone}, ${t.offset})` : "—");

export function duration(minutes: unknown): string {
  const m = num(minutes);
  if (m === null || m <= 0) return "";
  const h = Math.floor(m / 60),
    r = m % 60;
  return h === 0 ? `${r} min` : r === 0 ? `${h} h` : `${h} h ${r} min`;
}

/** A string field of provider JSON, made safe for the embedded fonts; anything else is "". */
export function str(v: unknown): string {
  if (typeof v === "string") return printable(v.trim());
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return "";
}
export function num(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}
export function obj(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}
export const label = (s: string) => s.replaceAll("_", " ");
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatLocal, instantOf, localDayAt, localToUtc, offsetMs } from "./zones";

const NY = "America/New_York",
  LA = "America/Los_Angeles",
  PARIS = "Europe/Paris";
const wall = (s: string) => Date.parse(`${s}:00Z`);
const iso = (ms: number) => new Date(ms).toISOString();

/** The wall clock in `zone` at `ms`, straight from Intl (no memo), as "YYYY-MM-DDTHH:mm". */
function intlLocal(ms: number, zone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    })
      .formatToParts(new Date(ms))
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

describe("instantOf", () => {
  it("reads local time in its zone, across DST", () => {
    expect(instantOf({ local: "2025-01-10T09:00", zone: NY }).toISOString()).toBe("2025-01-10T14:00:00.000Z");
    expect(instantOf({ local: "2025-07-10T09:00", zone: NY }).toISOString()).toBe("2025-07-10T13:00:00.000Z");
    expect(instantOf({ local: "2025-07-10T09:00:30", zone: NY }).toISOString()).toBe("2025-07-10T13:00:30.000Z");
    expect(() => instantOf({ local: "10/07/2025 9:00", zone: NY })).toThrow(RangeError);
    expect(() => instantOf({ local: "2025-03-09T02:30", zone: "Mars/Olympus" })).toThrow(RangeError);
  });

  it("round-trips any instant through its local time (the earlier one when ambiguous)", () => {
    const zones = [NY, LA, PARIS, "Australia/Sydney", "Asia/Kolkata", "Pacific/Chatham", "UTC"];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2020, 0, 1) / 60_000, max: Date.UTC(2030, 0, 1) / 60_000 }),
        fc.constantFrom(...zones),
        (minute, zone) => {
          const ms = minute * 60_000;
          const back = instantOf({ local: intlLocal(ms, zone), zone }).getTime();
          expect(back).toBeLessThanOrEqual(ms);
          expect(ms - back).toBeLessThanOrEqual(3_600_000); // differs only inside a fall-back hour
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("localToUtc", () => {
  it("resolves ambiguous and skipped local times the same way in every zone", () => {
    // Fall-back: the earlier instant (still summer time), east and west of Greenwich alike.
    expect(iso(localToUtc(wall("2025-10-26T02:30"), PARIS))).toBe("2025-10-26T00:30:00.000Z");
    expect(iso(localToUtc(wall("2025-11-02T01:30"), NY))).toBe("2025-11-02T05:30:00.000Z");
    // Spring-forward gap: moved forward by the gap (02:30 → 03:30 summer time), east and west.
    expect(iso(localToUtc(wall("2025-03-09T02:30"), NY))).toBe("2025-03-09T07:30:00.000Z");
    expect(iso(localToUtc(wall("2025-03-30T02:30"), PARIS))).toBe("2025-03-30T01:30:00.000Z");
  });

  it("is the inverse of formatLocal wherever the local time exists once", () => {
    const zones = [NY, LA, PARIS, "Asia/Tokyo", "Australia/Sydney", "Asia/Kolkata", "Pacific/Chatham"];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2020, 0, 1) / 60_000, max: Date.UTC(2035, 0, 1) / 60_000 }),
        fc.constantFrom(...zones),
        (minute, zone) => {
          const ms = minute * 60_000;
          const local = formatLocal(ms, zone);
          expect(local).toBe(intlLocal(ms, zone));
          // Unambiguous when an hour either side shows a different wall clock offset-wise.
          if (offsetMs(zone, ms - 3_600_000) === offsetMs(zone, ms + 3_600_000))
            expect(localToUtc(wall(local), zone)).toBe(ms);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("gives the hour of a local day, the way the seed and reminders place events", () => {
    const now = Date.parse("2026-03-27T23:30:00Z"); // already Saturday 28 March in Tokyo
    expect(iso(localToUtc(localDayAt(now, "Asia/Tokyo", 0, 9), "Asia/Tokyo"))).toBe("2026-03-28T00:00:00.000Z");
    // Two days later in Paris crosses the switch to summer time: 09:00 is 07:00Z, not 08:00Z.
    expect(iso(localToUtc(localDayAt(now, PARIS, 2, 9), PARIS))).toBe("2026-03-30T07:00:00.000Z");
  });
});

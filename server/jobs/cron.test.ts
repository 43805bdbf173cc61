import { describe, expect, test } from "vitest";
import { nextCronTime, parseCron } from "./cron";

const at = (s: string) => new Date(s);
describe("nextCronTime", () => {
  test.each([
    ["0 * * * *", "2026-03-01T10:15:00Z", "2026-03-01T11:00:00Z"],
    ["*/15 * * * *", "2026-03-01T10:15:00Z", "2026-03-01T10:30:00Z"],
    ["0 3 * * *", "2026-03-01T03:00:00Z", "2026-03-02T03:00:00Z"],
    ["30 9 * * mon-fri", "2026-03-06T10:00:00Z", "2026-03-09T09:30:00Z"], // Friday after 9:30 → Monday
    ["0 0 1 jan *", "2026-03-01T00:00:00Z", "2027-01-01T00:00:00Z"],
    ["0 0 29 2 *", "2026-03-01T00:00:00Z", "2028-02-29T00:00:00Z"],
    ["@daily", "2026-03-01T23:59:59Z", "2026-03-02T00:00:00Z"],
    ["0 0 13 * 5", "2026-03-01T00:00:00Z", "2026-03-06T00:00:00Z"], // dom OR dow when both are set
    ["TZ=Europe/Paris 0 9 * * *", "2026-07-01T00:00:00Z", "2026-07-01T07:00:00Z"], // CEST, UTC+2
    ["TZ=Europe/Paris 0 9 * * *", "2026-01-10T12:00:00Z", "2026-01-11T08:00:00Z"], // CET, UTC+1
    ["TZ=America/New_York 30 2 * * *", "2026-03-08T00:00:00Z", "2026-03-08T07:30:00Z"], // in the gap: 03:30 EDT
  ])("%s after %s is %s", (cron, after, expected) => {
    expect(nextCronTime(cron, at(after)).toISOString()).toBe(at(expected).toISOString());
  });

  test("rejects malformed schedules", () => {
    expect(() => parseCron("61 * * * *")).toThrow();
    expect(() => parseCron("* * *")).toThrow();
    expect(() => parseCron("TZ=Nowhere/Special 0 * * * *")).toThrow();
  });
});

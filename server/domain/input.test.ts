import { describe, expect, it } from "vitest";
import { z } from "zod";
import { calendarDate, describeIssues, instant, isCalendarDate } from "./input";

describe("isCalendarDate", () => {
  it("accepts real days, leap days in leap years included", () => {
    for (const d of ["2025-01-31", "2024-02-29", "2000-02-29", "2025-12-31", "0050-06-01"])
      expect(isCalendarDate(d), d).toBe(true);
  });

  it("refuses impossible days and other shapes", () => {
    for (const d of [
      "2025-02-29",
      "1900-02-29",
      "2025-04-31",
      "2025-13-01",
      "2025-00-10",
      "2025-01-00",
      "2025-1-5",
      "25-01-05",
      "",
      "2025-01-05T00:00",
    ])
      expect(isCalendarDate(d), d).toBe(false);
  });
});

describe("calendarDate and instant", () => {
  const message = (r: { success: boolean; error?: { issues: { message: string }[] } }) =>
    r.success ? "accepted" : r.error!.issues[0].message;

  it("refuse impossible days and years outside 1900–2200, naming the value", () => {
    expect(message(calendarDate.safeParse("2027-04-31"))).toBe("2027-04-31 is not a date on the calendar");
    expect(message(calendarDate.safeParse("2027-02-30"))).toBe("2027-02-30 is not a date on the calendar");
    expect(message(calendarDate.safeParse("0000-01-01"))).toBe("0000-01-01 is outside the years 1900–2200");
    expect(calendarDate.parse("2028-02-29")).toBe("2028-02-29");
    for (const v of ["0000-01-01", "+275760-09-13T00:00:00.000Z", "-271821-04-20T00:00:00.000Z", new Date(8.64e15)])
      expect(message(instant.safeParse(v)), String(v)).toMatch(/is outside the years 1900–2200$/);
    expect(message(instant.safeParse("2026-02-30T10:00:00Z"))).toBe(
      "2026-02-30T10:00:00Z is not a date on the calendar",
    );
    for (const v of [null, 0, "", "tomorrow", new Date(Number.NaN)])
      expect(message(instant.safeParse(v)), String(v)).toBe("Use an ISO 8601 date and time");
    expect(instant.parse("2026-05-04T10:00:00+02:00").toISOString()).toBe("2026-05-04T08:00:00.000Z");
  });

  it("describes issues with their field path, never as JSON", () => {
    const r = z.object({ startDate: calendarDate, endDate: calendarDate }).safeParse({ startDate: "2027-04-31" });
    expect(describeIssues(r.error!)).toBe(
      "startDate: 2027-04-31 is not a date on the calendar; endDate: Use YYYY-MM-DD",
    );
  });
});

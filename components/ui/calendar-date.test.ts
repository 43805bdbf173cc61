import { describe, expect, it } from "vitest";
import { isCalendarDate } from "./calendar-date";

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

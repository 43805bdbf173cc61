import { describe, expect, it } from "vitest";
import {
  addBusinessDays,
  businessDaysBetween,
  federalHolidays,
  isBusinessDay,
  isFederalHoliday,
} from "./business-days";

describe("US federal holidays by rule", () => {
  it("2026 matches OPM's published observed dates", () => {
    expect(federalHolidays(2026).map((h) => h.observed)).toEqual([
      "2026-01-01",
      "2026-01-19",
      "2026-02-16",
      "2026-05-25",
      "2026-06-19",
      "2026-07-03",
      "2026-09-07",
      "2026-10-12",
      "2026-11-11",
      "2026-11-26",
      "2026-12-25",
    ]);
  });

  it("a Saturday holiday is observed on Friday, a Sunday one on Monday", () => {
    expect(federalHolidays(2026).find((h) => h.name === "Independence Day")).toMatchObject({
      date: "2026-07-04",
      observed: "2026-07-03",
    }); // Saturday
    expect(federalHolidays(2027).find((h) => h.name === "Independence Day")).toMatchObject({
      date: "2027-07-04",
      observed: "2027-07-05",
    }); // Sunday
    expect(isFederalHoliday("2026-07-03")).toBe(true);
    expect(isFederalHoliday("2026-07-04")).toBe(false); // a Saturday anyway
    expect(isFederalHoliday("2027-07-05")).toBe(true);
  });

  it("New Year's Day on a Saturday is observed on 31 December of the year before", () => {
    expect(isFederalHoliday("2021-12-31")).toBe(true); // 1 Jan 2022 was a Saturday
    expect(isFederalHoliday("2021-12-24")).toBe(true); // Christmas 2021 was a Saturday
    expect(isBusinessDay("2021-12-31")).toBe(false);
  });

  it("Thanksgiving is the fourth Thursday; the Friday after is a business day", () => {
    expect(federalHolidays(2026).find((h) => h.name === "Thanksgiving Day")?.date).toBe("2026-11-26");
    expect(federalHolidays(2029).find((h) => h.name === "Thanksgiving Day")?.date).toBe("2029-11-22");
    expect(isBusinessDay("2026-11-27")).toBe(true);
  });

  it("Juneteenth only from 2021; Memorial Day is the last Monday of May", () => {
    expect(federalHolidays(2020).some((h) => h.name.startsWith("Juneteenth"))).toBe(false);
    expect(federalHolidays(2027).find((h) => h.name === "Memorial Day")?.date).toBe("2027-05-31");
  });
});

describe("business day arithmetic", () => {
  it("skips weekends and observed holidays", () => {
    expect(addBusinessDays("2026-07-01", 7)).toBe("2026-07-13"); // 3 July observed
    expect(addBusinessDays("2027-07-01", 7)).toBe("2027-07-13"); // 5 July observed
    expect(addBusinessDays("2026-11-23", 7)).toBe("2026-12-03"); // Thanksgiving
    expect(addBusinessDays("2026-12-23", 7)).toBe("2027-01-05"); // Christmas and New Year's Day (Fridays)
    expect(addBusinessDays("2021-12-22", 7)).toBe("2022-01-04"); // both observed on Fridays of 2021
  });

  it("n = 0 is the day itself or the next business day", () => {
    expect(addBusinessDays("2026-07-01", 0)).toBe("2026-07-01");
    expect(addBusinessDays("2026-07-03", 0)).toBe("2026-07-06");
    expect(() => addBusinessDays("2026-07-01", -1)).toThrow(RangeError);
  });

  it("counts business days between two dates", () => {
    expect(businessDaysBetween("2026-07-01", "2026-07-13")).toBe(7);
    expect(businessDaysBetween("2026-07-13", "2026-07-01")).toBe(0);
  });
});

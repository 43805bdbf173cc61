import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "./errors";
import {
  checkNameChange,
  checkSpecialRequest,
  isNameTransfer,
  itemOnNewDates,
  modificationTotal,
  priceDifference,
  shiftLocal,
  toChargeMinor,
} from "./modification";
import { localToUtc } from "./zones";

const wall = (s: string) => Date.parse(`${s}:00Z`);

describe("money of a change", () => {
  it("charge or refund, never both, and charge − refund = difference + fee", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 1e8 }), (diff, fee) => {
        const t = modificationTotal(diff, fee);
        expect(t.chargeMinor >= 0 && t.refundMinor >= 0).toBe(true);
        expect(t.chargeMinor === 0 || t.refundMinor === 0).toBe(true);
        expect(t.chargeMinor - t.refundMinor).toBe(diff + fee);
      }),
    );
    expect(() => modificationTotal(10, -1)).toThrow(RangeError);
    expect(() => modificationTotal(0.5, 1)).toThrow(RangeError);
  });

  it("provider amounts scale by the item's share, rounded once half-up; same currency and price is exact", () => {
    expect(toChargeMinor(1200, { priceMinor: 40_000, chargeShareMinor: 40_000 })).toBe(1200);
    // Booked at 1,000 JPY-equivalent share for 3 provider units: 1 unit → 333.33… → 333.
    expect(toChargeMinor(1, { priceMinor: 3, chargeShareMinor: 1000 })).toBe(333);
    expect(toChargeMinor(1, { priceMinor: 2, chargeShareMinor: 1 })).toBe(1); // 0.5 → 1 (half-up)
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e7 }), fc.integer({ min: 0, max: 1e7 }), (price, newPrice) => {
        const { differenceMinor, newShareMinor } = priceDifference(
          { priceMinor: price, chargeShareMinor: price },
          newPrice,
        );
        expect(newShareMinor).toBe(newPrice);
        expect(differenceMinor).toBe(newPrice - price);
      }),
    );
  });
});

describe("names", () => {
  it("refuses empty, over-long, unprintable or identical names, naming the field", () => {
    const cur = { firstName: "Ana", lastName: "Silva" };
    const field = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as DomainError).details?.field;
      }
      return null;
    };
    expect(field(() => checkNameChange(cur, { firstName: " ", lastName: "X" }))).toBe("firstName");
    expect(field(() => checkNameChange(cur, { firstName: "Ana", lastName: "x".repeat(61) }))).toBe("lastName");
    expect(field(() => checkNameChange(cur, { firstName: "<b>", lastName: "X" }))).toBe("firstName");
    expect(field(() => checkNameChange(cur, { firstName: "Ana", lastName: "Silva" }))).toBe("lastName");
    expect(checkNameChange(cur, { firstName: "  Ana ", lastName: "Silva  Reis" })).toEqual({
      firstName: "Ana",
      lastName: "Silva Reis",
    });
    // A case or accent correction is a change.
    expect(checkNameChange(cur, { firstName: "Ana", lastName: "Sílva" }).lastName).toBe("Sílva");
  });

  it("a transfer changes both names; a correction keeps one", () => {
    expect(isNameTransfer({ firstName: "Ana", lastName: "Silva" }, { firstName: "Anna", lastName: "Silva" })).toBe(
      false,
    );
    expect(isNameTransfer({ firstName: "Ana", lastName: "Silva" }, { firstName: "ANA", lastName: "Sylva" })).toBe(
      false,
    );
    expect(isNameTransfer({ firstName: "Ana", lastName: "Silva" }, { firstName: "Marta", lastName: "Reis" })).toBe(
      true,
    );
  });

  it("special requests are bounded plain text", () => {
    expect(checkSpecialRequest("  quiet   room ")).toBe("quiet room");
    expect(() => checkSpecialRequest("ok")).toThrow(DomainError);
    expect(() => checkSpecialRequest("<script>")).toThrow(DomainError);
  });
});

describe("new dates", () => {
  const hotel = {
    category: "hotel" as const,
    startZone: "Europe/Paris",
    endZone: "Europe/Paris",
    startAt: new Date(localToUtc(wall("2031-03-28T15:00"), "Europe/Paris")),
    endAt: new Date(localToUtc(wall("2031-03-31T11:00"), "Europe/Paris")),
    itemDetails: { checkInLocal: "2031-03-28T15:00", checkOutLocal: "2031-03-31T11:00", nights: 3 },
  };

  it("keeps each local time of day across a DST change (Paris switches on 2031-03-30)", () => {
    const r = itemOnNewDates(hotel, "2031-03-29", "2031-04-02");
    expect(r.startAt.toISOString()).toBe("2031-03-29T14:00:00.000Z"); // 15:00 CET
    expect(r.endAt.toISOString()).toBe("2031-04-02T09:00:00.000Z"); // 11:00 CEST
    expect(r.details).toMatchObject({ checkInLocal: "2031-03-29T15:00", checkOutLocal: "2031-04-02T11:00", nights: 4 });
    expect(hotel.itemDetails.nights).toBe(3); // the input is not mutated
  });

  it("moves a flight's outbound with the start and its way back with the end", () => {
    const flight = {
      category: "flight" as const,
      startZone: "Europe/Lisbon",
      endZone: "Europe/Lisbon",
      startAt: new Date(localToUtc(wall("2031-05-10T08:30"), "Europe/Lisbon")),
      endAt: new Date(localToUtc(wall("2031-05-17T21:00"), "Europe/Lisbon")),
      itemDetails: {
        segments: [
          { departureLocal: "2031-05-10T08:30", departureZone: "Europe/Lisbon", arrivalLocal: "2031-05-10T12:00" },
          { departureLocal: "2031-05-17T18:00", departureZone: "Europe/Paris", arrivalLocal: "2031-05-17T21:00" },
        ],
      },
    };
    const r = itemOnNewDates(flight, "2031-05-12", "2031-05-20");
    expect((r.details.segments as { departureLocal: string }[]).map((s) => s.departureLocal)).toEqual([
      "2031-05-12T08:30",
      "2031-05-20T18:00",
    ]);
  });

  it("refuses the same dates, an end before the start, a stay without a night, malformed dates", () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as DomainError).details?.field;
      }
      return null;
    };
    expect(code(() => itemOnNewDates(hotel, "2031-03-28", "2031-03-31"))).toBe("startDate");
    expect(code(() => itemOnNewDates(hotel, "2031-04-05", "2031-04-01"))).toBe("endDate");
    expect(code(() => itemOnNewDates(hotel, "2031-04-05", "2031-04-05"))).toBe("endDate");
    expect(code(() => itemOnNewDates(hotel, "2031-4-5", "2031-04-07"))).toBe("startDate");
    expect(shiftLocal("2031-12-31T23:30", 1)).toBe("2032-01-01T23:30");
  });
});

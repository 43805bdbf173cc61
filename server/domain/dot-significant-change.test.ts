import { describe, expect, it } from "vitest";
import { dotSignificantChange, type FlightSegment, type Itinerary } from "./dot-significant-change";

const NY = "America/New_York",
  LA = "America/Los_Angeles",
  CHI = "America/Chicago";
const seg = (over: Partial<FlightSegment> = {}): FlightSegment => ({
  from: "JFK",
  to: "LAX",
  departure: { local: "2025-06-10T09:00", zone: NY },
  arrival: { local: "2025-06-10T12:00", zone: LA },
  cabin: "economy",
  ...over,
});
const trip = (segments: FlightSegment[], international = false): Itinerary => ({ segments, international });
const base = trip([seg()]);
const moved = (dep: string, arr = "2025-06-10T12:00") =>
  trip([seg({ departure: { local: dep, zone: NY }, arrival: { local: arr, zone: LA } })]);

describe("14 CFR 260.2 significant change", () => {
  it("departing exactly 3:00 earlier is significant; 2:59 is not", () => {
    expect(dotSignificantChange(base, moved("2025-06-10T06:00"))).toMatchObject({
      significant: true,
      criteria: ["departs_earlier"],
      departsEarlierByMinutes: 180,
    });
    expect(dotSignificantChange(base, moved("2025-06-10T06:01"))).toMatchObject({
      significant: false,
      criteria: [],
      departsEarlierByMinutes: 179,
    });
  });

  it("a later departure alone is not a criterion", () => {
    const r = dotSignificantChange(base, moved("2025-06-10T17:00", "2025-06-10T12:00"));
    expect(r.significant).toBe(false);
    expect(r.departsEarlierByMinutes).toBe(-480);
  });

  it("arriving 3:00 or more later is significant; 2:59 is not", () => {
    expect(dotSignificantChange(base, moved("2025-06-10T09:00", "2025-06-10T15:00")).criteria).toEqual([
      "arrives_later",
    ]);
    expect(dotSignificantChange(base, moved("2025-06-10T09:00", "2025-06-10T14:59")).significant).toBe(false);
  });

  it("uses 6 hours for an international itinerary", () => {
    const intl = (dep: string, arr: string) =>
      trip(
        [seg({ to: "LHR", departure: { local: dep, zone: NY }, arrival: { local: arr, zone: "Europe/London" } })],
        true,
      );
    const orig = intl("2025-06-10T18:00", "2025-06-11T06:00");
    expect(dotSignificantChange(orig, intl("2025-06-10T13:00", "2025-06-11T06:00")).significant).toBe(false); // 5 h earlier
    expect(dotSignificantChange(orig, intl("2025-06-10T12:00", "2025-06-11T06:00")).criteria).toEqual([
      "departs_earlier",
    ]);
    expect(dotSignificantChange(orig, intl("2025-06-10T18:00", "2025-06-11T11:59")).significant).toBe(false);
    expect(dotSignificantChange(orig, intl("2025-06-10T18:00", "2025-06-11T12:00")).criteria).toEqual([
      "arrives_later",
    ]);
  });

  it("a different departure or arrival airport is significant", () => {
    expect(dotSignificantChange(base, trip([seg({ from: "EWR" })])).criteria).toEqual(["different_departure_airport"]);
    expect(dotSignificantChange(base, trip([seg({ to: "BUR" })])).criteria).toEqual(["different_arrival_airport"]);
  });

  it("more connection points is significant; fewer is not", () => {
    const viaOrd = trip([
      seg({ to: "ORD", arrival: { local: "2025-06-10T10:30", zone: CHI } }),
      seg({
        from: "ORD",
        departure: { local: "2025-06-10T11:15", zone: CHI },
        arrival: { local: "2025-06-10T12:00", zone: LA },
      }),
    ]);
    expect(dotSignificantChange(base, viaOrd).criteria).toEqual(["more_connections"]);
    expect(dotSignificantChange(viaOrd, base).significant).toBe(false);
  });

  it("a downgrade to a lower class of service is significant; an upgrade is not", () => {
    const business = trip([seg({ cabin: "business" })]);
    expect(dotSignificantChange(business, trip([seg({ cabin: "premium_economy" })])).criteria).toEqual(["downgraded"]);
    expect(dotSignificantChange(base, business).significant).toBe(false);
  });

  it("for a traveler with a disability: a different connecting airport or an inaccessible substitute aircraft", () => {
    const a321 = { type: "A321", accessibilityFeatures: ["accessible_lavatory", "onboard_wheelchair"] };
    const e175 = { type: "E175", accessibilityFeatures: ["onboard_wheelchair"] };
    const via = (hub: string, aircraft = a321) =>
      trip([
        seg({ to: hub, arrival: { local: "2025-06-10T10:30", zone: CHI }, aircraft }),
        seg({
          from: hub,
          departure: { local: "2025-06-10T11:15", zone: CHI },
          arrival: { local: "2025-06-10T12:00", zone: LA },
          aircraft,
        }),
      ]);
    const needs = { neededAccessibilityFeatures: ["accessible_lavatory"] };
    expect(dotSignificantChange(via("ORD"), via("MDW"), needs).criteria).toEqual(["different_connection_airport"]);
    expect(dotSignificantChange(via("ORD"), via("MDW")).significant).toBe(false); // no disability: not a criterion
    expect(dotSignificantChange(via("ORD"), via("ORD", e175), needs).criteria).toEqual([
      "inaccessible_substitute_aircraft",
    ]);
    expect(
      dotSignificantChange(via("ORD"), via("ORD", e175), { neededAccessibilityFeatures: ["onboard_wheelchair"] })
        .significant,
    ).toBe(false);
  });

  describe("DST between the two times: real elapsed time, not wall clock", () => {
    const nyArrival = (local: string) =>
      trip([
        seg({
          from: "ORD",
          to: "JFK",
          departure: { local: "2025-03-08T18:00", zone: CHI },
          arrival: { local, zone: NY },
        }),
      ]);
    it("March: 00:30 EST → 04:00 EDT is 3:30 on the clock but 2:30 elapsed: not significant", () => {
      const r = dotSignificantChange(nyArrival("2025-03-09T00:30"), nyArrival("2025-03-09T04:00"));
      expect(r.arrivesLaterByMinutes).toBe(150);
      expect(r.significant).toBe(false);
    });
    it("March: 00:30 EST → 04:30 EDT is exactly 3:00 elapsed: significant", () => {
      expect(dotSignificantChange(nyArrival("2025-03-09T00:30"), nyArrival("2025-03-09T04:30")).criteria).toEqual([
        "arrives_later",
      ]);
    });
    it("November: 00:30 EDT → 02:45 EST is 2:15 on the clock but 3:15 elapsed: significant", () => {
      const r = dotSignificantChange(nyArrival("2025-11-02T00:30"), nyArrival("2025-11-02T02:45"));
      expect(r.arrivesLaterByMinutes).toBe(195);
      expect(r.criteria).toEqual(["arrives_later"]);
    });
    it("October in Europe: 03:30 CET → 01:30 CEST is 2:00 on the clock but 3:00 elapsed: departs earlier", () => {
      const dep = (local: string) =>
        trip(
          [
            seg({
              from: "CDG",
              to: "JFK",
              departure: { local, zone: "Europe/Paris" },
              arrival: { local: "2025-10-26T12:00", zone: NY },
            }),
          ],
          false,
        );
      const r = dotSignificantChange(dep("2025-10-26T03:30"), dep("2025-10-26T01:30"));
      expect(r.departsEarlierByMinutes).toBe(180);
      expect(r.criteria).toEqual(["departs_earlier"]);
    });
  });

  it("compares airports in different zones by instants", () => {
    // LAX 12:00 PDT is 19:00Z; DEN 14:00 MDT is 20:00Z: 1 h later, though 2 h on the clocks.
    const r = dotSignificantChange(
      base,
      trip([seg({ to: "DEN", arrival: { local: "2025-06-10T14:00", zone: "America/Denver" } })]),
    );
    expect(r.arrivesLaterByMinutes).toBe(60);
    expect(r.criteria).toEqual(["different_arrival_airport"]);
  });
});

import { describe, expect, it } from "vitest";
import type { FlightSegment, Itinerary } from "./dot-significant-change";
import { assessFlightChange, classifyScheduleChange } from "./schedule-change";

const PAR = "Europe/Paris",
  NY = "America/New_York";
const leg = (dep: string, over: Partial<FlightSegment> = {}): FlightSegment => ({
  from: "CDG",
  to: "JFK",
  departure: { local: dep, zone: PAR },
  arrival: { local: "2025-06-10T12:00", zone: NY },
  cabin: "economy",
  ...over,
});
const trip = (...segments: FlightSegment[]): Itinerary => ({ segments, international: true });
const original = trip(leg("2025-06-10T10:00"));

describe("classifyScheduleChange (spec: detectScheduleChange)", () => {
  it("a cancellation is critical", () => {
    expect(classifyScheduleChange(original, null)).toMatchObject({
      changeType: "cancellation",
      significance: "critical",
    });
  });

  it("shifts: up to 2:00 minor, over 2:00 major, over 4:00 critical, either direction", () => {
    const at = (dep: string) => classifyScheduleChange(original, trip(leg(dep))).significance;
    expect(at("2025-06-10T10:05")).toBe("minor");
    expect(at("2025-06-10T12:00")).toBe("minor");
    expect(at("2025-06-10T12:01")).toBe("major");
    expect(at("2025-06-10T07:59")).toBe("major");
    expect(at("2025-06-10T14:00")).toBe("major");
    expect(at("2025-06-10T14:01")).toBe("critical");
    expect(at("2025-06-10T05:59")).toBe("critical");
  });

  it("measures the shift in real time across a DST switch", () => {
    // 27 Oct 2024 in Paris, clocks go back at 03:00 CEST. 01:30 CEST is 23:30Z.
    const before = trip(leg("2024-10-27T01:30"));
    // 03:31 CET (02:31Z): 2:01 on the clock, 3:01 elapsed → major.
    expect(classifyScheduleChange(before, trip(leg("2024-10-27T03:31")))).toMatchObject({
      departureShiftMinutes: 181,
      significance: "major",
    });
    // 03:00 CET (02:00Z): 1:30 on the clock, 2:30 elapsed → major, where wall clocks would say minor.
    expect(classifyScheduleChange(before, trip(leg("2024-10-27T03:00")))).toMatchObject({
      departureShiftMinutes: 150,
      significance: "major",
    });
    // 31 Mar 2024, clocks go forward at 02:00 CET: 01:00 CET (00:00Z) → 04:30 CEST (02:30Z) is 3:30 on the clock, 2:30 elapsed.
    expect(classifyScheduleChange(trip(leg("2024-03-31T01:00")), trip(leg("2024-03-31T04:30")))).toMatchObject({
      departureShiftMinutes: 150,
      significance: "major",
    });
    // 01:00 CET → 05:30 CEST: 4:30 on the clock, 3:30 elapsed → major, not critical.
    expect(classifyScheduleChange(trip(leg("2024-03-31T01:00")), trip(leg("2024-03-31T05:30")))).toMatchObject({
      departureShiftMinutes: 210,
      significance: "major",
    });
  });

  it("a different origin or destination is a critical route change", () => {
    expect(classifyScheduleChange(original, trip(leg("2025-06-10T10:00", { from: "ORY" })))).toMatchObject({
      changeType: "route_change",
      significance: "critical",
    });
    expect(classifyScheduleChange(original, trip(leg("2025-06-10T10:00", { to: "EWR" })))).toMatchObject({
      changeType: "route_change",
      significance: "critical",
    });
  });

  it("a move to another local day is a date change", () => {
    expect(classifyScheduleChange(original, trip(leg("2025-06-11T09:00")))).toMatchObject({
      changeType: "date_change",
      significance: "critical",
    });
    expect(classifyScheduleChange(trip(leg("2025-06-10T23:00")), trip(leg("2025-06-11T01:30")))).toMatchObject({
      changeType: "date_change",
      significance: "major",
    });
  });

  it("reports nothing changed for an identical itinerary, and a changed later leg as a minor change", () => {
    expect(classifyScheduleChange(original, trip(leg("2025-06-10T10:00")))).toMatchObject({
      changed: false,
      significance: "minor",
    });
    const arrivalMoved = classifyScheduleChange(
      original,
      trip(leg("2025-06-10T10:00", { arrival: { local: "2025-06-10T13:00", zone: NY } })),
    );
    expect(arrivalMoved).toMatchObject({ changed: true, changeType: "time_change", significance: "minor" });
  });
});

describe("assessFlightChange", () => {
  it("a cancellation is refund-eligible without the DOT test", () => {
    expect(assessFlightChange(original, null)).toMatchObject({
      dot: null,
      refundEligible: true,
      classification: { significance: "critical" },
    });
  });
  it("a major change that is not DOT-significant is not refund-eligible; a DOT-significant one is", () => {
    // 2:30 later departure, same arrival: major for the spec, no DOT criterion (later departure alone).
    const later = assessFlightChange(original, trip(leg("2025-06-10T12:30")));
    expect(later).toMatchObject({
      refundEligible: false,
      classification: { significance: "major" },
      dot: { significant: false },
    });
    // 6 h earlier departure on an international trip: DOT-significant.
    const earlier = assessFlightChange(original, trip(leg("2025-06-10T04:00")));
    expect(earlier).toMatchObject({
      refundEligible: true,
      classification: { significance: "critical" },
      dot: { criteria: ["departs_earlier"] },
    });
  });
});

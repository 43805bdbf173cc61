import { describe, expect, it } from "vitest";
import {
  cancellationCompensationDue,
  cancellationNotice,
  eu261AmountAfterRerouting,
  eu261Compensation,
  eu261RefundDueBy,
  greatCircleKm,
  inEu261Scope,
  type Airport,
} from "./eu261";

const CDG: Airport = { iata: "CDG", country: "FR", lat: 49.0097, lon: 2.5479 };
const LHR: Airport = { iata: "LHR", country: "GB", lat: 51.47, lon: -0.4543 };
const ATH: Airport = { iata: "ATH", country: "GR", lat: 37.9364, lon: 23.9445 };
const LIS: Airport = { iata: "LIS", country: "PT", lat: 38.7742, lon: -9.1342 };
const HEL: Airport = { iata: "HEL", country: "FI", lat: 60.3172, lon: 24.9633 };
const TFS: Airport = { iata: "TFS", country: "ES", lat: 28.0445, lon: -16.5725 };
const KEF: Airport = { iata: "KEF", country: "IS", lat: 63.985, lon: -22.6056 };
const JFK: Airport = { iata: "JFK", country: "US", lat: 40.6413, lon: -73.7781 };
const DXB: Airport = { iata: "DXB", country: "AE", lat: 25.2532, lon: 55.3657 };
const CAI: Airport = { iata: "CAI", country: "EG", lat: 30.1219, lon: 31.4056 };
const equator = (lon: number): Airport => ({ iata: "XXX", country: "EC", lat: 0, lon });
const KM_PER_DEGREE = (2 * Math.PI * 6371.0088) / 360;

describe("great-circle distance (Art. 7(4))", () => {
  it("matches known airport distances within a few km", () => {
    expect(greatCircleKm(CDG, JFK)).toBeGreaterThan(5820);
    expect(greatCircleKm(CDG, JFK)).toBeLessThan(5850);
    expect(greatCircleKm(CDG, LHR)).toBeGreaterThan(340);
    expect(greatCircleKm(CDG, LHR)).toBeLessThan(350);
    expect(greatCircleKm(JFK, CDG)).toBeCloseTo(greatCircleKm(CDG, JFK), 9);
    expect(greatCircleKm(CDG, CDG)).toBe(0);
  });
});

describe("compensation bands (Art. 7(1))", () => {
  it("≤ 1,500 km: EUR 250, exactly 1,500 km included", () => {
    expect(eu261Compensation(CDG, LHR)).toMatchObject({
      band: "up_to_1500km",
      amountMinor: 25_000,
      halvedIfReroutedArrivalWithinMinutes: 120,
    });
    const at1500 = eu261Compensation(equator(0), equator(1500 / KM_PER_DEGREE));
    expect(at1500.distanceKm).toBeCloseTo(1500, 6);
    expect(at1500.band).toBe("up_to_1500km");
    expect(eu261Compensation(equator(0), equator(1500.01 / KM_PER_DEGREE)).band).toBe("1500_to_3500km");
  });

  it("intra-EU over 1,500 km is EUR 400 even beyond 3,500 km", () => {
    expect(eu261Compensation(HEL, LIS)).toMatchObject({ band: "intra_eu_over_1500km", amountMinor: 40_000 }); // ~3,360 km
    expect(greatCircleKm(HEL, TFS)).toBeGreaterThan(3500);
    expect(eu261Compensation(HEL, TFS)).toMatchObject({ band: "intra_eu_over_1500km", amountMinor: 40_000 });
    expect(eu261Compensation(KEF, ATH).band).toBe("intra_eu_over_1500km"); // Iceland is in the area (EEA)
  });

  it("other flights: 1,500–3,500 km EUR 400, over 3,500 km EUR 600", () => {
    expect(eu261Compensation(ATH, CAI)).toMatchObject({ band: "up_to_1500km" });
    expect(eu261Compensation(CDG, CAI)).toMatchObject({
      band: "1500_to_3500km",
      amountMinor: 40_000,
      halvedIfReroutedArrivalWithinMinutes: 180,
    });
    expect(eu261Compensation(CDG, DXB)).toMatchObject({
      band: "over_3500km",
      amountMinor: 60_000,
      halvedIfReroutedArrivalWithinMinutes: 240,
    });
    expect(eu261Compensation(equator(0), equator(3500 / KM_PER_DEGREE)).band).toBe("1500_to_3500km");
    expect(eu261Compensation(equator(0), equator(3500.01 / KM_PER_DEGREE)).band).toBe("over_3500km");
  });

  it("halves the amount when the rerouted arrival is within the band's limit (Art. 7(2))", () => {
    const c = eu261Compensation(CDG, DXB);
    expect(eu261AmountAfterRerouting(c, 240)).toBe(30_000);
    expect(eu261AmountAfterRerouting(c, 241)).toBe(60_000);
    expect(eu261AmountAfterRerouting(c, null)).toBe(60_000);
  });
});

describe("scope (Art. 3(1))", () => {
  it("departing the EU always; arriving in the EU only on an EU carrier", () => {
    expect(inEu261Scope({ from: CDG, to: JFK, operatedByEuCarrier: false })).toBe(true);
    expect(inEu261Scope({ from: JFK, to: CDG, operatedByEuCarrier: true })).toBe(true);
    expect(inEu261Scope({ from: JFK, to: CDG, operatedByEuCarrier: false })).toBe(false);
    expect(inEu261Scope({ from: JFK, to: DXB, operatedByEuCarrier: true })).toBe(false);
    expect(inEu261Scope({ from: LHR, to: JFK, operatedByEuCarrier: true })).toBe(false); // UK: UK261, not EU 261
    expect(inEu261Scope({ from: { country: "re" }, to: JFK, operatedByEuCarrier: false })).toBe(true); // Réunion
  });
});

describe("cancellation notice (Art. 5(1)(c))", () => {
  const departure = new Date("2025-07-20T10:00:00Z");
  const before = (ms: number) => new Date(departure.getTime() - ms);
  const DAY = 86_400_000;

  it("windows: exactly 14 days is the first, exactly 7 days the second", () => {
    expect(cancellationNotice(before(14 * DAY), departure)).toEqual({ window: "14_days_or_more", rerouting: null });
    expect(cancellationNotice(before(14 * DAY - 1), departure).window).toBe("7_to_14_days");
    expect(cancellationNotice(before(7 * DAY), departure)).toEqual({
      window: "7_to_14_days",
      rerouting: { maxEarlierDepartureMinutes: 120, arrivalLessThanMinutesLater: 240 },
    });
    expect(cancellationNotice(before(7 * DAY - 1), departure)).toEqual({
      window: "under_7_days",
      rerouting: { maxEarlierDepartureMinutes: 60, arrivalLessThanMinutesLater: 120 },
    });
  });

  it("compensation is due unless the notice or a close enough rerouting removes it", () => {
    const early = cancellationNotice(before(20 * DAY), departure);
    const mid = cancellationNotice(before(10 * DAY), departure);
    const late = cancellationNotice(before(DAY), departure);
    expect(cancellationCompensationDue(early, null)).toBe(false);
    expect(cancellationCompensationDue(mid, null)).toBe(true);
    expect(cancellationCompensationDue(mid, { departsEarlierByMinutes: 120, arrivesLaterByMinutes: 239 })).toBe(false);
    expect(cancellationCompensationDue(mid, { departsEarlierByMinutes: 121, arrivesLaterByMinutes: 0 })).toBe(true);
    expect(cancellationCompensationDue(mid, { departsEarlierByMinutes: 0, arrivesLaterByMinutes: 240 })).toBe(true);
    expect(cancellationCompensationDue(late, { departsEarlierByMinutes: 60, arrivesLaterByMinutes: 119 })).toBe(false);
    expect(cancellationCompensationDue(late, { departsEarlierByMinutes: 0, arrivesLaterByMinutes: 120 })).toBe(true);
  });

  it("a refund is due within 7 days (Art. 8(1)(a))", () => {
    expect(eu261RefundDueBy(new Date("2025-07-01T12:00:00Z")).toISOString()).toBe("2025-07-08T12:00:00.000Z");
  });
});

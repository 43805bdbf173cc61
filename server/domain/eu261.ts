// Regulation (EC) No 261/2004 (air passenger rights), as docs/architecture.md ("Regulation") states it. Pure: no I/O.
// Amounts are integer minor units of EUR (docs/architecture.md, "Money").

export type GeoPoint = { lat: number; lon: number };
export type Airport = GeoPoint & { iata: string; country: string };

/**
 * Where the Regulation applies: the EU's 27 Member States, their outermost regions that carry
 * ISO codes of their own (Guadeloupe, French Guiana, Martinique, Réunion, Mayotte, Saint-Martin;
 * the Azores, Madeira and the Canaries are PT/ES), and Iceland, Norway, Liechtenstein (EEA
 * Agreement) and Switzerland (EU–Swiss air transport agreement). Not the UK since 2021 (UK261).
 */
export const eu261Countries: ReadonlySet<string> = new Set([
  "AT",
  "BE",
  "BG",
  "HR",
  "CY",
  "CZ",
  "DK",
  "EE",
  "FI",
  "FR",
  "DE",
  "GR",
  "HU",
  "IE",
  "IT",
  "LV",
  "LT",
  "LU",
  "MT",
  "NL",
  "PL",
  "PT",
  "RO",
  "SK",
  "SI",
  "ES",
  "SE",
  "GP",
  "GF",
  "MQ",
  "RE",
  "YT",
  "MF",
  "IS",
  "NO",
  "LI",
  "CH",
]);

export const inEu261Area = (country: string) => eu261Countries.has(country.toUpperCase());

/**
 * Art. 3(1): the Regulation applies to (a) passengers departing from an airport in a Member
 * State, and (b) passengers departing from a third country to an airport in a Member State when
 * the operating air carrier is a Community carrier.
 */
export function inEu261Scope(flight: {
  from: Pick<Airport, "country">;
  to: Pick<Airport, "country">;
  operatedByEuCarrier: boolean;
}): boolean {
  if (inEu261Area(flight.from.country)) return true;
  return inEu261Area(flight.to.country) && flight.operatedByEuCarrier;
}

const EARTH_RADIUS_KM = 6371.0088; // IUGG mean radius

/** Art. 7(4): distances are measured by the great circle route method (haversine). */
export function greatCircleKm(a: GeoPoint, b: GeoPoint): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad,
    dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

export type Eu261Band = "up_to_1500km" | "intra_eu_over_1500km" | "1500_to_3500km" | "over_3500km";

export type Eu261Compensation = {
  band: Eu261Band;
  distanceKm: number;
  /** Art. 7(1), in euro cents. */
  amountMinor: number;
  currency: "EUR";
  /** Art. 7(2): arrival delay of the offered rerouting, up to which the amount is halved. */
  halvedIfReroutedArrivalWithinMinutes: number;
};

/**
 * Art. 7(1): (a) EUR 250 for flights of 1,500 km or less; (b) EUR 400 for intra-Community flights
 * of more than 1,500 km and for all other flights between 1,500 and 3,500 km; (c) EUR 600 for all
 * others. Art. 7(2): halved when the rerouted arrival is at most 2 h (a), 3 h (b), 4 h (c) late.
 * Intra-Community: both airports in the Regulation's area.
 */
export function eu261Compensation(from: Airport, to: Airport): Eu261Compensation {
  // Rounded to the metre: the bands' edges are exact, float noise from trigonometry is not.
  const distanceKm = Math.round(greatCircleKm(from, to) * 1000) / 1000;
  const intraEu = inEu261Area(from.country) && inEu261Area(to.country);
  const band: Eu261Band =
    distanceKm <= 1500
      ? "up_to_1500km"
      : intraEu
        ? "intra_eu_over_1500km"
        : distanceKm <= 3500
          ? "1500_to_3500km"
          : "over_3500km";
  const [amountMinor, hours] =
    band === "up_to_1500km" ? [25_000, 2] : band === "over_3500km" ? [60_000, 4] : [40_000, 3];
  return { band, distanceKm, amountMinor, currency: "EUR", halvedIfReroutedArrivalWithinMinutes: hours * 60 };
}

/** Art. 7(2): the amount due once the traveler's rerouted arrival delay is known. */
export function eu261AmountAfterRerouting(c: Eu261Compensation, reroutedArrivalDelayMinutes: number | null): number {
  if (reroutedArrivalDelayMinutes === null || reroutedArrivalDelayMinutes > c.halvedIfReroutedArrivalWithinMinutes)
    return c.amountMinor;
  return Math.floor(c.amountMinor / 2); // 250/400/600 EUR halve exactly
}

export type NoticeWindow = "14_days_or_more" | "7_to_14_days" | "under_7_days";

export type CancellationNotice = {
  window: NoticeWindow;
  /**
   * The rerouting that, when offered, removes the compensation (Art. 5(1)(c)(ii)/(iii)): departing
   * no more than `maxEarlierDepartureMinutes` before the scheduled departure and reaching the final
   * destination less than `arrivalLessThanMinutesLater` after the scheduled arrival. Null: the
   * notice alone removes it.
   */
  rerouting: { maxEarlierDepartureMinutes: number; arrivalLessThanMinutesLater: number } | null;
};

const DAY_MS = 86_400_000;

/**
 * Art. 5(1)(c): no compensation when the passenger was informed of the cancellation (i) at least
 * two weeks before the scheduled departure; (ii) between two weeks and seven days before, with a
 * rerouting departing no more than 2 h earlier and arriving less than 4 h later; (iii) less than
 * seven days before, with a rerouting departing no more than 1 h earlier and arriving less than
 * 2 h later. Exactly 14 days is (i); exactly 7 days is (ii).
 */
export function cancellationNotice(informedAt: Date, scheduledDeparture: Date): CancellationNotice {
  const ahead = scheduledDeparture.getTime() - informedAt.getTime();
  if (ahead >= 14 * DAY_MS) return { window: "14_days_or_more", rerouting: null };
  if (ahead >= 7 * DAY_MS)
    return { window: "7_to_14_days", rerouting: { maxEarlierDepartureMinutes: 120, arrivalLessThanMinutesLater: 240 } };
  return { window: "under_7_days", rerouting: { maxEarlierDepartureMinutes: 60, arrivalLessThanMinutesLater: 120 } };
}

/**
 * Whether a cancellation owes compensation under Art. 5(1)(c), given the notice and the rerouting
 * offered (real minutes: departure earlier than scheduled, arrival later than scheduled), if any.
 * Extraordinary circumstances (Art. 5(3)) are the carrier's to prove and are not judged here.
 */
export function cancellationCompensationDue(
  notice: CancellationNotice,
  rerouting: { departsEarlierByMinutes: number; arrivesLaterByMinutes: number } | null,
): boolean {
  if (!notice.rerouting) return false;
  if (!rerouting) return true;
  const ok =
    rerouting.departsEarlierByMinutes <= notice.rerouting.maxEarlierDepartureMinutes &&
    rerouting.arrivesLaterByMinutes < notice.rerouting.arrivalLessThanMinutesLater;
  return !ok;
}

/** Art. 8(1)(a) with Art. 7(3): a refund chosen instead of rerouting is paid within seven days. */
export function eu261RefundDueBy(requestedAt: Date): Date {
  return new Date(requestedAt.getTime() + 7 * DAY_MS);
}

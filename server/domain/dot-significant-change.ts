// US DOT, 14 CFR 260.2 (definition of "significant change of flight itinerary", 2024 refund rule
// as amended in August 2024), as docs/architecture.md ("Regulation") states it. Pure: no I/O.
// Instants are compared in UTC, computed from each airport's local time and IANA zone
// (server/domain/zones.ts), never from wall-clock strings, so a change across a DST switch or
// between airports in different zones is measured in real time.
import { instantOf, type LocalTime } from "./zones";

export const cabinRanks = { economy: 0, premium_economy: 1, business: 2, first: 3 } as const;
export type Cabin = keyof typeof cabinRanks;

export type Aircraft = { type: string; accessibilityFeatures: readonly string[] };

export type FlightSegment = {
  /** IATA codes. */
  from: string;
  to: string;
  departure: LocalTime;
  arrival: LocalTime;
  cabin: Cabin;
  aircraft?: Aircraft;
};

export type Itinerary = { segments: readonly FlightSegment[]; international: boolean };

/** A traveler with a disability and the aircraft accessibility features they need (e.g. "accessible_lavatory"). */
export type DisabilityNeeds = { neededAccessibilityFeatures: readonly string[] };

export type DotCriterion =
  | "departs_earlier"
  | "arrives_later"
  | "different_departure_airport"
  | "different_arrival_airport"
  | "more_connections"
  | "downgraded"
  | "different_connection_airport"
  | "inaccessible_substitute_aircraft";

export type DotResult = {
  significant: boolean;
  criteria: DotCriterion[];
  /** Real minutes the departure moved earlier (negative: later) and the arrival moved later. */
  departsEarlierByMinutes: number;
  arrivesLaterByMinutes: number;
  thresholdMinutes: number;
};

const minutesBetween = (a: Date, b: Date) => (b.getTime() - a.getTime()) / 60_000;
const first = (it: Itinerary) => it.segments[0];
const last = (it: Itinerary) => it.segments[it.segments.length - 1];
const connectionAirports = (it: Itinerary) => it.segments.slice(0, -1).map((s) => s.to);
const lowestCabin = (it: Itinerary) => Math.min(...it.segments.map((s) => cabinRanks[s.cabin]));

/**
 * 14 CFR 260.2: the new itinerary is a significant change when any criterion holds. The 3-hour
 * (domestic) / 6-hour (international) thresholds are "or more": exactly 3:00 counts. A later
 * departure alone is not a criterion. The international threshold applies when the original
 * itinerary is international.
 */
export function dotSignificantChange(
  original: Itinerary,
  updated: Itinerary,
  traveler?: DisabilityNeeds | null,
): DotResult {
  if (original.segments.length === 0 || updated.segments.length === 0)
    throw new RangeError("An itinerary needs at least one segment");
  // A round trip (or any trip with a stopover) is judged journey by journey: the outbound flight
  // arriving 7 h late is significant even though the return still lands on time.
  const before = journeys(original),
    after = journeys(updated);
  if (before.length > 1 && before.length === after.length) {
    const parts = before.map((j, i) => journeyChange(j, after[i], traveler, original.international));
    const criteria = [...new Set(parts.flatMap((p) => p.criteria))];
    return {
      significant: criteria.length > 0,
      criteria,
      thresholdMinutes: parts[0].thresholdMinutes,
      departsEarlierByMinutes: Math.max(...parts.map((p) => p.departsEarlierByMinutes)),
      arrivesLaterByMinutes: Math.max(...parts.map((p) => p.arrivesLaterByMinutes)),
    };
  }
  return journeyChange(original, updated, traveler, original.international);
}

/** A stay longer than this between two flights is a stopover: the next flight starts a new journey. */
const STOPOVER_MINUTES = { domestic: 4 * 60, international: 24 * 60 };

/** The itinerary cut at its stopovers (a connection longer than 4 h domestic, 24 h international). */
export function journeys(it: Itinerary): Itinerary[] {
  const limit = it.international ? STOPOVER_MINUTES.international : STOPOVER_MINUTES.domestic;
  const out: FlightSegment[][] = [[it.segments[0]]];
  for (let i = 1; i < it.segments.length; i++) {
    const stay = minutesBetween(instantOf(it.segments[i - 1].arrival), instantOf(it.segments[i].departure));
    if (stay > limit) out.push([it.segments[i]]);
    else out.at(-1)!.push(it.segments[i]);
  }
  return out.map((segments) => ({ segments, international: it.international }));
}

function journeyChange(
  original: Itinerary,
  updated: Itinerary,
  traveler: DisabilityNeeds | null | undefined,
  international: boolean,
): DotResult {
  const thresholdMinutes = international ? 6 * 60 : 3 * 60;
  const departsEarlierByMinutes = minutesBetween(
    instantOf(first(updated).departure),
    instantOf(first(original).departure),
  );
  const arrivesLaterByMinutes = minutesBetween(instantOf(last(original).arrival), instantOf(last(updated).arrival));
  const criteria: DotCriterion[] = [];

  // (1) departs 3 h (6 h international) or more earlier than originally scheduled.
  if (departsEarlierByMinutes >= thresholdMinutes) criteria.push("departs_earlier");
  // (2) arrives 3 h (6 h international) or more later than originally scheduled.
  if (arrivesLaterByMinutes >= thresholdMinutes) criteria.push("arrives_later");
  // (3) departs from a different airport or arrives at a different airport.
  if (first(updated).from !== first(original).from) criteria.push("different_departure_airport");
  if (last(updated).to !== last(original).to) criteria.push("different_arrival_airport");
  // (4) more connection points than the original itinerary.
  if (updated.segments.length > original.segments.length) criteria.push("more_connections");
  // (5) downgrade to a lower class of service: on any leg when legs correspond one to one,
  // else the lowest class flown on the trip.
  if (isDowngrade(original, updated)) criteria.push("downgraded");
  if (traveler) {
    // (6) for a traveler with a disability: one or more different connecting airports.
    const before = new Set(connectionAirports(original));
    if (connectionAirports(updated).some((a) => !before.has(a))) criteria.push("different_connection_airport");
    // (7) for a traveler with a disability: a substitute aircraft lacking a needed accessibility feature.
    if (lacksNeededFeature(original, updated, traveler)) criteria.push("inaccessible_substitute_aircraft");
  }
  return {
    significant: criteria.length > 0,
    criteria,
    departsEarlierByMinutes,
    arrivesLaterByMinutes,
    thresholdMinutes,
  };
}

function isDowngrade(original: Itinerary, updated: Itinerary): boolean {
  if (original.segments.length === updated.segments.length) {
    return updated.segments.some((s, i) => cabinRanks[s.cabin] < cabinRanks[original.segments[i].cabin]);
  }
  return lowestCabin(updated) < lowestCabin(original);
}

function lacksNeededFeature(original: Itinerary, updated: Itinerary, traveler: DisabilityNeeds): boolean {
  const originalTypes = new Set(original.segments.map((s) => s.aircraft?.type).filter(Boolean));
  return updated.segments.some((s) => {
    if (!s.aircraft || originalTypes.has(s.aircraft.type)) return false; // not a substitute aircraft
    const has = new Set(s.aircraft.accessibilityFeatures);
    return traveler.neededAccessibilityFeatures.some((f) => !has.has(f));
  });
}

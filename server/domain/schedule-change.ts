// The spec's schedule-change significance (Schedule Change Handler, detectScheduleChange): what
// kind of change a provider made to a flight and how loudly to tell the traveler. Pure: no I/O.
// Times are compared as instants (local time + IANA zone), so a change across DST or to an airport
// in another zone is measured in real elapsed time. Refund eligibility is a separate question:
// see dot-significant-change.ts (US DOT) and eu261.ts.
import { dotSignificantChange, type DisabilityNeeds, type DotResult, type Itinerary } from "./dot-significant-change";
import { instantOf } from "./zones";

export type ChangeType = "time_change" | "date_change" | "route_change" | "cancellation";
export type Significance = "minor" | "major" | "critical";

export type ScheduleChangeClass = {
  /** False when nothing the spec looks at moved (the spec then still answers "minor"). */
  changed: boolean;
  changeType: ChangeType;
  significance: Significance;
  /** Real minutes the first departure moved (positive: later). */
  departureShiftMinutes: number;
};

const HOUR = 60;

/**
 * Spec: a cancellation is critical ("flight cancelled or major route change"); otherwise the first
 * departure's shift decides: more than 4 h critical, more than 2 h major ("time change > 2
 * hours"), any other change minor. The spec's thresholds are strict: exactly 2:00 is minor and
 * exactly 4:00 is major. A different origin or final destination is the spec's "major route
 * change": critical. The change type is a date change when the local departure date differs.
 *
 * @param updated the new itinerary, or null when the provider cancelled the flight.
 */
export function classifyScheduleChange(original: Itinerary, updated: Itinerary | null): ScheduleChangeClass {
  if (!updated)
    return { changed: true, changeType: "cancellation", significance: "critical", departureShiftMinutes: 0 };
  const o = original.segments,
    u = updated.segments;
  const oDep = o[0].departure,
    uDep = u[0].departure;
  const departureShiftMinutes = (instantOf(uDep).getTime() - instantOf(oDep).getTime()) / 60_000;
  const shift = Math.abs(departureShiftMinutes);

  if (o[0].from !== u[0].from || o[o.length - 1].to !== u[u.length - 1].to) {
    return { changed: true, changeType: "route_change", significance: "critical", departureShiftMinutes };
  }
  const significance: Significance = shift > 4 * HOUR ? "critical" : shift > 2 * HOUR ? "major" : "minor";
  const changeType: ChangeType = oDep.local.slice(0, 10) !== uDep.local.slice(0, 10) ? "date_change" : "time_change";
  const changed = shift > 0 || !sameLegs(original, updated);
  return { changed, changeType, significance, departureShiftMinutes };
}

/** Same airports and same local times on every leg (a change in the middle of the trip counts). */
function sameLegs(a: Itinerary, b: Itinerary): boolean {
  if (a.segments.length !== b.segments.length) return false;
  return a.segments.every((s, i) => {
    const t = b.segments[i];
    return (
      s.from === t.from &&
      s.to === t.to &&
      instantOf(s.departure).getTime() === instantOf(t.departure).getTime() &&
      instantOf(s.arrival).getTime() === instantOf(t.arrival).getTime()
    );
  });
}

export type FlightChangeAssessment = {
  classification: ScheduleChangeClass;
  /** US DOT 14 CFR 260.2; null when the flight was cancelled (a cancellation is refundable outright). */
  dot: DotResult | null;
  /**
   * The traveler may reject the change for a full refund: the carrier cancelled (14 CFR part 260
   * refund on cancellation; EU 261 Art. 5(1)(a)/Art. 8 when in scope) or the change is
   * significant under 14 CFR 260.2.
   */
  refundEligible: boolean;
};

/** One call for the schedule-change handler: spec significance, DOT test, refund eligibility. */
export function assessFlightChange(
  original: Itinerary,
  updated: Itinerary | null,
  traveler?: DisabilityNeeds | null,
): FlightChangeAssessment {
  const classification = classifyScheduleChange(original, updated);
  if (!updated) return { classification, dot: null, refundEligible: true };
  const dot = dotSignificantChange(original, updated, traveler);
  return { classification, dot, refundEligible: dot.significant };
}

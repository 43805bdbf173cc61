import type { Cabin, FlightSegment, Itinerary } from "@/server/domain/dot-significant-change";
import { cabinRanks } from "@/server/domain/dot-significant-change";

type StoredSegment = {
  from?: string;
  to?: string;
  fromCountry?: string;
  toCountry?: string;
  departureLocal?: string;
  departureZone?: string;
  arrivalLocal?: string;
  arrivalZone?: string;
  cabin?: string;
};

/**
 * A flight item's stored details as the itinerary the regulation rules read, or null when the
 * details lack what they need (then no automatic assessment: a human judges the change).
 */
export function itineraryOf(details: Record<string, unknown>): Itinerary | null {
  const raw = details.segments as StoredSegment[] | undefined;
  if (!Array.isArray(raw) || raw.length === 0) return null;
  const itemCabin = (
    typeof details.cabin === "string" && details.cabin in cabinRanks ? details.cabin : "economy"
  ) as Cabin;
  const segments: FlightSegment[] = [];
  for (const s of raw) {
    if (!s.from || !s.to || !s.departureLocal || !s.departureZone || !s.arrivalLocal || !s.arrivalZone) return null;
    segments.push({
      from: s.from,
      to: s.to,
      cabin: (s.cabin && s.cabin in cabinRanks ? s.cabin : itemCabin) as Cabin,
      departure: { local: s.departureLocal, zone: s.departureZone },
      arrival: { local: s.arrivalLocal, zone: s.arrivalZone },
    });
  }
  // International when any segment crosses a border; without countries, when it crosses zones' regions.
  const international = raw.some((s) =>
    s.fromCountry && s.toCountry
      ? s.fromCountry !== s.toCountry
      : s.departureZone!.split("/")[0] !== s.arrivalZone!.split("/")[0],
  );
  return { segments, international };
}

// The items of one demo booking: where and when, what the provider sold, its price and its
// cancellation policy (tiers written as local wall-clock times in the item's zone).
import { mulDivHalfUp } from "@/server/domain/money";
import type { CancellationPolicy, Penalty } from "@/server/domain/policy";
import type { ItemCategory, ItemStatus } from "@/server/domain/statuses";
import {
  airlines,
  cabins,
  carClasses,
  cities,
  convertMinor,
  experiences,
  hotelNames,
  providersBy,
  roomTypes,
  type City,
  type ProviderSeed,
} from "./catalog";
import type { Rng } from "./random";
import { formatLocal, localDayAt, localToUtc } from "@/server/domain/zones";

export const MIN = 60_000,
  HOUR = 3_600_000,
  DAY = 86_400_000;

export type SeedItem = {
  id: string;
  category: ItemCategory;
  provider: ProviderSeed;
  providerBookingId: string;
  confirmation: string;
  details: Record<string, unknown>;
  originalDetails?: Record<string, unknown>;
  startAt: number;
  endAt: number;
  startZone: string;
  endZone: string;
  travelerIndices: number[];
  dependsOn?: string;
  /** Value in the booking's currency: the weight its charge share is allocated by. */
  weight: number;
  share: number;
  nights: number;
  policy: CancellationPolicy;
  /** The policy's tiers as instants, for the seed's own fee arithmetic. */
  tierAt: { at: number; penalty: Penalty }[];
  status: ItemStatus;
  previous: ItemStatus | null;
  statusAt: number;
  cancel?: { at: number; fee: number; refund: number };
  scheduleChangeAt?: number;
  syncError?: string;
};

export const compositions: readonly (readonly [ItemCategory[], number])[] = [
  [["flight"], 21],
  [["hotel"], 21],
  [["car"], 9],
  [["experience"], 9],
  [["flight", "hotel"], 20],
  [["flight", "hotel", "car"], 10],
  [["hotel", "experience"], 4],
  [["flight", "hotel", "experience"], 6],
];

/** USD cents, converted to the charge currency: a believable price for the item. */
function weightOf(
  r: Rng,
  category: ItemCategory,
  travelers: number,
  nights: number,
  roundTrip: boolean,
  cabin: string,
  currency: string,
): number {
  let usd: number;
  if (category === "flight")
    usd =
      r.int(90, 650) *
      100 *
      travelers *
      (roundTrip ? 1.8 : 1) *
      (cabin === "business" ? 3 : cabin === "premium_economy" ? 1.6 : 1);
  else if (category === "hotel") usd = r.int(80, 350) * 100 * Math.max(1, nights) * Math.ceil(travelers / 2);
  else if (category === "car") usd = r.int(35, 110) * 100 * Math.max(1, nights);
  else usd = r.int(25, 180) * 100 * travelers;
  const minor = convertMinor(Math.round(usd), "USD", currency);
  // Prices end in whole units in zero-decimal currencies and in tens of fils in KWD.
  const step = currency === "JPY" ? 10 : currency === "KWD" ? 10 : 1;
  return Math.max(step, Math.round(minor / step) * step);
}

type Trip = { origin: City; dest: City; startBase: number; nights: number; travelers: number; leadName: string };

export function buildItems(
  r: Rng,
  categories: ItemCategory[],
  trip: Trip,
  currency: string,
  ids: { booking: number; seedPrefix: string },
): SeedItem[] {
  const { origin, dest, nights, travelers } = trip;
  const everyone = Array.from({ length: travelers }, (_, k) => k);
  const items: SeedItem[] = [];
  const flightMinutes = 75 + ((cities.indexOf(origin) * 7 + cities.indexOf(dest) * 13) % 12) * 55;
  let arrival = localToUtc(localDayAt(trip.startBase, dest.zone, 0, 14), dest.zone);
  let leaving = localToUtc(localDayAt(arrival, dest.zone, nights, 11), dest.zone);
  let flightId: string | undefined;

  categories.forEach((category, k) => {
    const provider = r.pick(providersBy(category));
    const base = {
      id: r.uuid(),
      category,
      provider,
      providerBookingId: `${provider.prefix}-${ids.seedPrefix}${ids.booking.toString(36).toUpperCase()}-${k}`,
      confirmation: r.letters(6),
      status: "confirmed" as ItemStatus,
      previous: null,
      statusAt: 0,
      share: 0,
    };
    if (category === "flight") {
      const roundTrip = r.chance(0.7) || categories.length > 1;
      const cabin = r.pick(cabins);
      const code = airlines[provider.code];
      const dep = localToUtc(
        localDayAt(trip.startBase, origin.zone, 0, r.int(6, 21), r.pick([0, 15, 30, 45])),
        origin.zone,
      );
      arrival = dep + flightMinutes * MIN;
      const segment = (from: City, to: City, at: number) => ({
        flightNumber: `${code}${r.int(100, 2999)}`,
        from: from.airport,
        to: to.airport,
        fromCity: from.city,
        toCity: to.city,
        fromCountry: from.country,
        toCountry: to.country,
        departureLocal: formatLocal(at, from.zone),
        departureZone: from.zone,
        arrivalLocal: formatLocal(at + flightMinutes * MIN, to.zone),
        arrivalZone: to.zone,
        durationMinutes: flightMinutes,
      });
      const segments = [segment(origin, dest, dep)];
      let end = arrival;
      if (roundTrip) {
        const back = localToUtc(
          localDayAt(arrival, dest.zone, Math.max(1, nights), r.int(9, 20), r.pick([0, 30])),
          dest.zone,
        );
        segments.push(segment(dest, origin, back));
        end = back + flightMinutes * MIN;
        leaving = back - 3 * HOUR;
      }
      flightId = base.id;
      const weight = weightOf(r, category, travelers, nights, roundTrip, cabin, currency);
      items.push({
        ...base,
        weight,
        nights: 0,
        startAt: dep,
        endAt: end,
        startZone: origin.zone,
        endZone: roundTrip ? origin.zone : dest.zone,
        travelerIndices: everyone,
        details: {
          title: `${segments[0].flightNumber} ${origin.airport} → ${dest.airport}${roundTrip ? " and back" : ""}`,
          airline: provider.name,
          pnr: base.confirmation,
          cabin,
          baggage: { cabinKg: 8, checkedBags: r.int(0, 2) },
          segments,
        },
        ...flightPolicy(r, dep, origin.zone, currency),
      });
    } else if (category === "hotel") {
      const checkIn = localToUtc(localDayAt(arrival, dest.zone, 0, 15), dest.zone);
      const stay = Math.max(1, nights);
      const checkOut = localToUtc(localDayAt(checkIn, dest.zone, stay, 11), dest.zone);
      const name = r.pick(hotelNames);
      items.push({
        ...base,
        weight: weightOf(r, category, travelers, stay, false, "", currency),
        nights: stay,
        startAt: checkIn,
        endAt: checkOut,
        startZone: dest.zone,
        endZone: dest.zone,
        travelerIndices: everyone,
        dependsOn: flightId,
        details: {
          title: `${name}, ${dest.city}`,
          name,
          city: dest.city,
          country: dest.country,
          address: `${r.int(1, 220)} ${r.pick(["Harbour", "Market", "Station", "Garden"])} Street, ${dest.city}`,
          roomType: r.pick(roomTypes),
          rooms: Math.ceil(travelers / 2),
          nights: stay,
          guests: travelers,
          board: r.pick(["room only", "breakfast"]),
          checkInLocal: formatLocal(checkIn, dest.zone),
          checkOutLocal: formatLocal(checkOut, dest.zone),
        },
        ...hotelPolicy(r, checkIn, dest.zone),
      });
    } else if (category === "car") {
      const pickup = flightId ? arrival + HOUR : localToUtc(localDayAt(trip.startBase, dest.zone, 0, 10), dest.zone);
      const dropoff = Math.max(
        pickup + 4 * HOUR,
        flightId ? leaving : localToUtc(localDayAt(pickup, dest.zone, Math.max(1, nights), 10), dest.zone),
      );
      const days = Math.max(1, Math.ceil((dropoff - pickup) / DAY));
      const [cls, model] = r.pick(carClasses);
      const where = `${dest.city} ${dest.airport} airport`;
      items.push({
        ...base,
        weight: weightOf(r, category, travelers, days, false, "", currency),
        nights: days,
        startAt: pickup,
        endAt: dropoff,
        startZone: dest.zone,
        endZone: dest.zone,
        travelerIndices: [0],
        dependsOn: flightId,
        details: {
          title: `${cls} · ${model} or similar`,
          vehicleClass: cls,
          model,
          days,
          driver: trip.leadName,
          pickup: { location: where, local: formatLocal(pickup, dest.zone) },
          dropoff: { location: where, local: formatLocal(dropoff, dest.zone) },
        },
        ...carPolicy(r, pickup, dest.zone, currency),
      });
    } else {
      const day = categories.length > 1 ? r.int(1, Math.max(1, nights - 1)) : 0;
      const start = localToUtc(
        localDayAt(categories.length > 1 ? arrival : trip.startBase, dest.zone, day, r.pick([9, 10, 14, 17])),
        dest.zone,
      );
      const minutes = r.pick([120, 180, 240, 360]);
      const name = r.pick(experiences);
      items.push({
        ...base,
        weight: weightOf(r, category, travelers, 0, false, "", currency),
        nights: 0,
        startAt: start,
        endAt: start + minutes * MIN,
        startZone: dest.zone,
        endZone: dest.zone,
        travelerIndices: everyone,
        details: {
          title: `${name}, ${dest.city}`,
          name,
          city: dest.city,
          durationMinutes: minutes,
          participants: travelers,
          meetingPoint: `${r.pick(["Main square", "Harbour gate", "Central station", "Visitor centre"])}, ${dest.city}`,
          startLocal: formatLocal(start, dest.zone),
        },
        ...experiencePolicy(start, dest.zone),
      });
    }
  });
  return items;
}

type PolicyParts = { policy: CancellationPolicy; tierAt: { at: number; penalty: Penalty }[] };
function tiered(
  zone: string,
  tiers: { at: number; penalty: Penalty; description: string }[],
  refundable = true,
): PolicyParts {
  return {
    policy: {
      refundable,
      zone,
      processingFeeMinor: 0,
      tiers: tiers.map((t) => ({ fromLocal: formatLocal(t.at, zone), penalty: t.penalty, description: t.description })),
    },
    tierAt: tiers.map(({ at, penalty }) => ({ at, penalty })),
  };
}
const nonRefundable = (zone: string): PolicyParts => ({
  policy: { refundable: false, zone, processingFeeMinor: 0, tiers: [] },
  tierAt: [],
});

function flightPolicy(r: Rng, dep: number, zone: string, currency: string): PolicyParts {
  if (r.chance(0.55)) return nonRefundable(zone);
  const change = convertMinor(7500, "USD", currency);
  return tiered(zone, [
    {
      at: dep - 14 * DAY,
      penalty: { kind: "fixed", minor: change },
      description: "Cancellation fee from 14 days before departure",
    },
    {
      at: dep - 3 * DAY,
      penalty: { kind: "percentage", bps: 5000 },
      description: "Half the fare from 3 days before departure",
    },
    { at: dep - 3 * HOUR, penalty: { kind: "full" }, description: "No refund from 3 hours before departure" },
  ]);
}
function hotelPolicy(r: Rng, checkIn: number, zone: string): PolicyParts {
  if (r.chance(0.15)) return nonRefundable(zone);
  const daysBefore = r.pick([1, 2, 3, 7]);
  return tiered(zone, [
    {
      at: localToUtc(localDayAt(checkIn, zone, -daysBefore, 18), zone),
      penalty: { kind: "nights", nights: 1 },
      description: `One night's charge from 18:00 ${daysBefore} day${daysBefore > 1 ? "s" : ""} before arrival`,
    },
    { at: checkIn, penalty: { kind: "full" }, description: "No refund from check-in time" },
  ]);
}
function carPolicy(r: Rng, pickup: number, zone: string, currency: string): PolicyParts {
  return tiered(zone, [
    {
      at: pickup - 48 * HOUR,
      penalty: { kind: "fixed", minor: convertMinor(r.pick([3000, 5000]), "USD", currency) },
      description: "Fixed fee within 48 hours of pick-up",
    },
    { at: pickup, penalty: { kind: "full" }, description: "No refund from pick-up time" },
  ]);
}
function experiencePolicy(start: number, zone: string): PolicyParts {
  return tiered(zone, [
    { at: start - 24 * HOUR, penalty: { kind: "full" }, description: "No refund within 24 hours of the start" },
  ]);
}

/** What cancelling this item at `at` costs, by its policy (the money issue owns the real calculator). */
export function feeAt(item: SeedItem, at: number): number {
  if (!item.policy.refundable) return item.share;
  let penalty: Penalty | undefined;
  for (const t of item.tierAt) if (t.at <= at) penalty = t.penalty;
  if (!penalty) return 0;
  switch (penalty.kind) {
    case "percentage":
      return mulDivHalfUp(item.share, penalty.bps, 10_000);
    case "fixed":
      return Math.min(penalty.minor, item.share);
    case "nights":
      return mulDivHalfUp(item.share, Math.min(penalty.nights, item.nights), Math.max(1, item.nights));
    case "full":
      return item.share;
  }
}

/** The first moment any refundable item starts to cost something: the booking's free-cancellation deadline. */
export function freeUntil(items: SeedItem[]): number | null {
  const firsts = items.filter((i) => i.policy.refundable && i.tierAt.length > 0).map((i) => i.tierAt[0].at);
  return firsts.length ? Math.min(...firsts) : null;
}

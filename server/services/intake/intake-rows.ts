// The rows one intake body becomes: the booking (pending), its items (pending, each with its
// details in the shapes the rest of the product reads, as the demo seed writes them) and one
// payment per tender (card, credit or promo).
import { randomUUID } from "node:crypto";
import type { paymentTransactions } from "@/db/schema";
import type { BookingIntakeV1 } from "@/server/domain/intake/booking-v1";
import { itemTimes, type IntakeItem } from "@/server/domain/intake/items";
import { instantOf, type LocalTime } from "@/server/domain/zones";
import type { NewBooking, NewItem } from "@/server/services/lifecycle";

export type IntakeRows = {
  booking: NewBooking;
  items: NewItem[];
  payments: (typeof paymentTransactions.$inferInsert)[];
};

export function intakeRows(
  body: BookingIntakeV1,
  ids: { bookingId: string; itemIds: readonly string[]; reference: string; gateway: string },
): IntakeRows {
  const times = body.items.map(itemTimes);
  const starts = times.map((t) => instantOf(t.start));
  const ends = times.map((t) => instantOf(t.end));
  const everyone = body.travelers.map((_, i) => i);
  const lead = body.travelers[0];
  const booking: NewBooking = {
    id: ids.bookingId,
    checkoutSessionId: body.checkoutSessionId,
    bookingReference: ids.reference,
    bookingType: body.items.length > 1 ? "package" : "single",
    status: "pending",
    totalMinor: body.totalMinor,
    currency: body.currency,
    paidMinor: body.tenders.reduce((sum, t) => sum + t.amountMinor, 0),
    travelers: body.travelers,
    contactInfo: body.contact,
    contactEmail: body.contact.email,
    leadLastName: lead.lastName,
    travelStartAt: new Date(Math.min(...starts.map(Number))),
    travelEndAt: new Date(Math.max(...ends.map(Number))),
    isRefundable: body.items.some((i) => i.cancellationPolicy.refundable),
    source: body.source ?? "intake",
    utmSource: body.utm?.source,
    utmCampaign: body.utm?.campaign,
  };
  const items = body.items.map((item, i): NewItem => ({
    id: ids.itemIds[i],
    bookingId: ids.bookingId,
    category: item.category,
    providerCode: item.provider,
    providerBookingId: item.providerReference,
    providerConfirmationNumber: item.providerConfirmationNumber ?? (item.category === "flight" ? item.pnr : undefined),
    status: "pending",
    itemDetails: detailsOf(item, body),
    priceMinor: item.price.amountMinor,
    priceCurrency: item.price.currency,
    chargeShareMinor: item.chargeShareMinor,
    startAt: starts[i],
    endAt: ends[i],
    startZone: times[i].start.zone,
    endZone: times[i].end.zone,
    travelerIndices: item.travelers ?? everyone,
    dependsOnItemId: item.dependsOn === undefined ? undefined : ids.itemIds[item.dependsOn],
    cancellationPolicy: item.cancellationPolicy,
  }));
  const payments = body.tenders.map((t) => {
    const paid = {
      // Known before the insert: a credit tender's capture names its payment in the same transaction.
      id: randomUUID(),
      bookingId: ids.bookingId,
      kind: "charge" as const,
      status: "succeeded" as const,
      amountMinor: t.amountMinor,
      currency: t.currency,
    };
    if (t.type === "card")
      return {
        ...paid,
        method: "card" as const,
        gateway: ids.gateway,
        stripePaymentIntentId: t.paymentIntentId,
        stripeChargeId: t.chargeId,
        stripePaymentMethodId: body.customer?.paymentMethodId,
        stripeCustomerId: body.customer?.stripeCustomerId,
        funding: t.funding,
      };
    // Not the gateway's: credit is the ledger's (server/services/credits), promo value is the checkout's.
    return { ...paid, method: t.type, gateway: t.type === "credit" ? "ledger" : "none" };
  });
  return { booking, items, payments };
}

const minutesBetween = (a: LocalTime, b: LocalTime) => Math.round((+instantOf(b) - +instantOf(a)) / 60_000);
/** Calendar days between two local dates (nights of a stay, days of a rental), whatever the zones' offsets. */
const daysBetween = (a: LocalTime, b: LocalTime) =>
  Math.round((Date.parse(b.local.slice(0, 10)) - Date.parse(a.local.slice(0, 10))) / 86_400_000);

function detailsOf(item: IntakeItem, body: BookingIntakeV1): Record<string, unknown> {
  const people = (item.travelers ?? body.travelers).length;
  switch (item.category) {
    case "flight": {
      const [first, last] = [item.segments[0], item.segments[item.segments.length - 1]];
      return {
        title: item.title ?? `${first.flightNumber} ${first.origin} → ${last.destination}`,
        airline: first.marketingCarrier.code,
        pnr: item.pnr,
        cabin: first.cabin,
        baggage: item.baggage,
        segments: item.segments.map((s) => ({
          flightNumber: s.flightNumber,
          from: s.origin,
          to: s.destination,
          departureLocal: s.departure.local,
          departureZone: s.departure.zone,
          arrivalLocal: s.arrival.local,
          arrivalZone: s.arrival.zone,
          durationMinutes: minutesBetween(s.departure, s.arrival),
          cabin: s.cabin,
          marketingCarrier: s.marketingCarrier,
          operatingCarrier: s.operatingCarrier,
        })),
        fares: item.fares,
      };
    }
    case "hotel":
      return {
        title: item.title ?? [item.name, item.city].filter(Boolean).join(", "),
        name: item.name,
        city: item.city,
        country: item.country,
        address: item.address,
        roomType: item.roomType,
        rooms: item.rooms,
        nights: daysBetween(item.checkIn, item.checkOut),
        guests: people,
        board: item.board,
        checkInLocal: item.checkIn.local,
        checkOutLocal: item.checkOut.local,
      };
    case "car":
      return {
        title: item.title ?? `${item.vehicleClass}${item.model ? ` · ${item.model} or similar` : ""}`,
        vehicleClass: item.vehicleClass,
        model: item.model,
        days: Math.max(1, Math.ceil(minutesBetween(item.pickup.at, item.dropoff.at) / 1440)),
        driver: item.driver ?? `${body.travelers[0].firstName} ${body.travelers[0].lastName}`,
        pickup: { location: item.pickup.location, local: item.pickup.at.local },
        dropoff: { location: item.dropoff.location, local: item.dropoff.at.local },
      };
    case "experience":
      return {
        title: item.title ?? [item.name, item.city].filter(Boolean).join(", "),
        name: item.name,
        city: item.city,
        durationMinutes: minutesBetween(item.start, item.end),
        participants: people,
        meetingPoint: item.meetingPoint,
        startLocal: item.start.local,
      };
  }
}

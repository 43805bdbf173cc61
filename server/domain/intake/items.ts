// The items and tenders of the intake body (booking-v1.ts): one shape per category, each with the
// provider's reference, price, policy and local times.
import { z } from "zod";
import { cardFundings } from "@/server/domain/statuses";
import type { LocalTime } from "@/server/domain/zones";
import { airport, amountMinor, cancellationPolicy, carrier, currencyCode, localTime, money, text } from "./parts";

const itemBase = {
  provider: text(50).meta({ description: "The provider's code in this product (Providers page)" }),
  providerReference: text(255).meta({ description: "The provider's booking id: how sync and webhooks find it" }),
  providerConfirmationNumber: text(100).optional(),
  travelers: z
    .array(z.int().nonnegative())
    .min(1)
    .max(9)
    .optional()
    .meta({ description: "Indexes into `travelers` this item is for; all travelers when left out" }),
  dependsOn: z
    .int()
    .nonnegative()
    .optional()
    .meta({ description: "Index of the item this one only makes sense with (a hotel for its flight)" }),
  price: money.meta({ description: "What the provider charges, in the provider's currency" }),
  chargeShareMinor: amountMinor.meta({
    description: "This item's share of `totalMinor`, in the booking currency; the shares add up to the total",
  }),
  cancellationPolicy: cancellationPolicy.meta({ description: "As presented to the traveler at checkout" }),
  title: text(200).optional(),
};

export const fareTypes = ["published", "free", "staff"] as const;

export const flightItem = z.object({
  category: z.literal("flight"),
  ...itemBase,
  pnr: text(20).optional(),
  baggage: z.object({ cabinKg: z.int().min(0).max(50), checkedBags: z.int().min(0).max(10) }).optional(),
  segments: z
    .array(
      z.object({
        flightNumber: z.string().regex(/^[A-Z0-9]{2}\d{1,4}[A-Z]?$/, "Use a flight number such as BA117"),
        marketingCarrier: carrier,
        operatingCarrier: carrier,
        origin: airport,
        destination: airport,
        departure: localTime,
        arrival: localTime,
        cabin: z.enum(["economy", "premium_economy", "business", "first"]),
      }),
    )
    .min(1)
    .max(8),
  fares: z
    .array(
      z.object({
        traveler: z.int().nonnegative(),
        fareType: z.enum(fareTypes),
        baseMinor: amountMinor,
        taxesMinor: amountMinor,
        feesMinor: amountMinor,
      }),
    )
    .min(1)
    .max(9)
    .meta({ description: "One per traveler, in the item's price currency; they add up to `price.amountMinor`" }),
});

export const hotelItem = z.object({
  category: z.literal("hotel"),
  ...itemBase,
  name: text(200),
  address: text(300).optional(),
  city: text(100).optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, "Use an ISO 3166 two-letter country code")
    .optional(),
  roomType: text(100),
  rooms: z.int().min(1).max(20),
  board: text(50).optional(),
  checkIn: localTime,
  checkOut: localTime,
});

const place = z.object({ location: text(200), at: localTime });
export const carItem = z.object({
  category: z.literal("car"),
  ...itemBase,
  vehicleClass: text(100),
  model: text(100).optional(),
  driver: text(200).optional(),
  pickup: place,
  dropoff: place,
});

export const experienceItem = z.object({
  category: z.literal("experience"),
  ...itemBase,
  name: text(200),
  city: text(100).optional(),
  meetingPoint: text(300).optional(),
  start: localTime,
  end: localTime,
});

export const intakeItem = z.discriminatedUnion("category", [flightItem, hotelItem, carItem, experienceItem]);

export const tender = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("card"),
    paymentIntentId: text(100).meta({ description: "Stripe PaymentIntent id (pi_…)" }),
    chargeId: text(100).optional().meta({ description: "Stripe charge id (ch_…)" }),
    amountMinor,
    currency: currencyCode,
    funding: z.enum(cardFundings).meta({ description: "From the card: the US DOT refund clock depends on it" }),
  }),
  z.object({
    type: z.literal("credit"),
    holdId: z.uuid().meta({ description: "The travel-credit hold from POST /api/v1/credits/holds; captured here" }),
    amountMinor,
    currency: currencyCode,
  }),
  z.object({
    type: z.literal("promo"),
    code: text(50).meta({ description: "The checkout's promo code: recorded, never refunded" }),
    amountMinor,
    currency: currencyCode,
  }),
]);

export type IntakeItem = z.infer<typeof intakeItem>;
export type Tender = z.infer<typeof tender>;

/** When an item starts and ends, as local times at its places (a flight: first departure, last arrival). */
export function itemTimes(item: IntakeItem): { start: LocalTime; end: LocalTime } {
  switch (item.category) {
    case "flight":
      return { start: item.segments[0].departure, end: item.segments[item.segments.length - 1].arrival };
    case "hotel":
      return { start: item.checkIn, end: item.checkOut };
    case "car":
      return { start: item.pickup.at, end: item.dropoff.at };
    case "experience":
      return { start: item.start, end: item.end };
  }
}

// Version 1 of the intake body, `POST /api/v1/bookings` (docs/architecture.md, "Intake"): what a
// checkout that has booked every item with its provider and charged the card hands over. The
// OpenAPI document is generated from this schema (openapi.ts); the checks that span fields are in
// booking-checks.ts.
import { z } from "zod";
import { checkBooking } from "./booking-checks";
import { intakeItem, tender } from "./items";
import { amountMinor, contact, currencyCode, text, traveler } from "./parts";

/** The body's fields, before the checks that span them: the import line (import-v1.ts) extends it. */
export const bookingIntakeFields = z.object({
  version: z.literal(1),
  checkoutSessionId: text(255).meta({
    description: "The checkout's session id: a retry with the same id returns the first answer",
  }),
  platformBookingId: text(255).optional(),
  reference: z
    .string()
    .regex(/^[A-Z0-9][A-Z0-9-]{4,18}[A-Z0-9]$/, "Use 6–20 capital letters, digits and dashes")
    .optional()
    .meta({ description: "The reference the traveler was shown; one is made when left out" }),
  currency: currencyCode.meta({ description: "The charge currency" }),
  totalMinor: amountMinor.meta({ description: "What the traveler was charged, in minor units of `currency`" }),
  contact,
  travelers: z.array(traveler).min(1).max(9),
  items: z.array(intakeItem).min(1).max(20),
  customer: z
    .object({ stripeCustomerId: text(100), paymentMethodId: text(100) })
    .optional()
    .meta({ description: "The saved card later charges (change fees) use" }),
  tenders: z.array(tender).min(1).max(5),
  source: text(50).optional(),
  utm: z.object({ source: text(100).optional(), campaign: text(100).optional() }).optional(),
});

export const bookingIntakeV1 = bookingIntakeFields.superRefine(checkBooking);

export type BookingIntakeV1 = z.infer<typeof bookingIntakeV1>;

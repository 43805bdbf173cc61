// The building blocks of the intake body (docs/architecture.md, "Intake"): money, local times,
// policies, people. Every refusal names its field and says what is wrong in words.
import { z } from "zod";
import { calendarDate, isCalendarDate } from "@/server/domain/input";
import { currencies, type Currency } from "@/server/domain/money";
import { isTimeZone } from "@/server/domain/zones";

export const text = (max: number) => z.string().trim().min(1).max(max);

const quoted = (v: unknown) => JSON.stringify(typeof v === "string" ? v.slice(0, 40) : v);

/** Integer minor units (cents, yen, fils): never a decimal, never negative, within 2^53. */
export const amountMinor = z
  .int({ error: "must be a whole number of minor units (cents), not a decimal" })
  .nonnegative({ error: "must not be negative" });

export const currencyCode = z.enum(currencies as [Currency, ...Currency[]], {
  error: (i) => `${quoted(i.input)} is not a currency this product holds (${currencies.join(", ")})`,
});

export const money = z.object({ amountMinor, currency: currencyCode });

export const timeZone = z
  .string()
  .max(64)
  .refine(isTimeZone, { error: (i) => `${quoted(i.input)} is not an IANA time zone such as Europe/Paris` })
  .meta({ description: "An IANA time zone, e.g. Europe/Paris" });

const LOCAL = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d)?$/;
/** A wall-clock time without offset, `YYYY-MM-DDTHH:mm[:ss]`, on a real calendar day. */
export const localDateTime = z
  .string()
  .regex(LOCAL, "Use a local date and time YYYY-MM-DDTHH:mm, without an offset")
  .refine((s) => isCalendarDate(s.slice(0, 10)), {
    error: (i) => `${quoted(i.input)} is not a date on the calendar`,
  });

/** The same local time with seconds, so two of them compare as text. */
const seconds = (local: string) => (local.length === 16 ? `${local}:00` : local);

/** A local time at a place: the item's own clock (a flight departs at its airport's time). */
export const localTime = z.object({ local: localDateTime, zone: timeZone });

export const penalty = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("percentage"),
    bps: z.int().nonnegative().max(10_000, { error: "a penalty above 100% (10000 basis points) is not a penalty" }),
  }),
  z.object({ kind: z.literal("fixed"), minor: amountMinor }),
  z.object({ kind: z.literal("nights"), nights: z.int().min(1).max(365) }),
  z.object({ kind: z.literal("full") }),
]);

/** The cancellation policy as the traveler saw it at checkout; tiers are local times in `zone`. */
export const cancellationPolicy = z.object({
  refundable: z.boolean(),
  zone: timeZone,
  processingFeeMinor: amountMinor.default(0),
  tiers: z
    .array(z.object({ fromLocal: localDateTime, penalty, description: z.string().min(1).max(200) }))
    .max(12)
    .refine((tiers) => tiers.every((t, i) => i === 0 || seconds(tiers[i - 1].fromLocal) <= seconds(t.fromLocal)), {
      error: "tiers must be in time order",
    }),
});

/** IATA special service request codes for accessibility, kept on the traveler for the rules that need them. */
export const accessibilityNeeds = [
  "WCHR", // wheelchair for the distance to the aircraft
  "WCHS", // cannot climb steps
  "WCHC", // immobile, needs a wheelchair to the seat
  "BLND",
  "DEAF",
  "DPNA", // intellectual or developmental disability needing assistance
  "SVAN", // service animal
  "MEDA", // medical case
  "OXYG",
] as const;

export const traveler = z.object({
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().min(1).max(100),
  type: z.enum(["adult", "child", "infant"]),
  dateOfBirth: calendarDate.optional(),
  email: z.email().max(254).optional(),
  accessibilityNeeds: z.array(z.enum(accessibilityNeeds)).max(accessibilityNeeds.length).optional(),
});

export const contact = z.object({
  name: z.string().trim().min(1).max(200),
  email: z.email().max(254),
  phone: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, "Use an E.164 number such as +14155550123")
    .optional(),
});

export const carrier = z.object({
  code: z.string().regex(/^[A-Z0-9]{2}$/, "Use the carrier's two-character IATA code"),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, "Use an ISO 3166 two-letter country code")
    .optional(),
});

export const airport = z.string().regex(/^[A-Z]{3}$/, "Use a three-letter IATA airport code");

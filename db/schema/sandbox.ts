import { sql } from "drizzle-orm";
import { boolean, check, integer, jsonb, pgTable, primaryKey, text, varchar } from "drizzle-orm/pg-core";
import { currency, minor, tz } from "./columns";
import { providers } from "./providers";

// The sandbox provider network (server/providers/sandbox): the providers' own side of each booking,
// kept apart from ours so that sync and webhooks compare two real states, as with a real airline.

export const sandboxBookings = pgTable(
  "sandbox_bookings",
  {
    providerCode: varchar({ length: 50 })
      .notNull()
      .references(() => providers.code),
    providerBookingId: varchar({ length: 255 }).notNull(),
    /** The provider's own vocabulary: CONFIRMED, TICKETED, CANCELLED, SCHEDULE_CHANGED, … */
    status: varchar({ length: 40 }).notNull(),
    details: jsonb().$type<Record<string, unknown>>().notNull(),
    priceMinor: minor().notNull(),
    currency: currency().notNull(),
    /** Bumped by every change; webhooks and status answers carry it so stale news can be told apart. */
    sequence: integer().notNull().default(1),
    cancellationReference: varchar({ length: 100 }),
    updatedAt: tz().notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.providerCode, t.providerBookingId] }),
    check("sandbox_bookings_price_nonnegative", sql`${t.priceMinor} >= 0`),
  ],
);

/** Fault injection and behaviour per sandbox provider, driven from /ops/providers and tests. */
export const sandboxProviderSettings = pgTable(
  "sandbox_provider_settings",
  {
    providerCode: varchar({ length: 50 })
      .primaryKey()
      .references(() => providers.code),
    latencyMs: integer().notNull().default(100),
    jitterMs: integer().notNull().default(20),
    /** Share of calls that fail with a retryable error, in basis points (0–10,000). */
    errorRateBps: integer().notNull().default(0),
    /** Every call fails as unreachable. */
    outage: boolean().notNull().default(false),
    /** Cancellations are refused (a non-cancellable fare, a supplier that says no). */
    rejectCancellations: boolean().notNull().default(false),
    /** Random provider events (schedule changes, cancellations) per hour, emitted as signed webhooks. */
    eventsPerHour: integer().notNull().default(0),
    note: text(),
    updatedAt: tz().notNull().defaultNow(),
  },
  (t) => [
    check("sandbox_settings_latency", sql`${t.latencyMs} >= 0 AND ${t.jitterMs} >= 0`),
    check("sandbox_settings_error_rate", sql`${t.errorRateBps} BETWEEN 0 AND 10000`),
    check("sandbox_settings_events", sql`${t.eventsPerHour} >= 0`),
  ],
);

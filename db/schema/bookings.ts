import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  inet,
  integer,
  jsonb,
  pgTable,
  text,
  unique,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import type { CancellationPolicy } from "@/server/domain/policy";
import { users } from "./auth";
import { createdAt, currency, minor, tz } from "./columns";
import { actor, bookingStatus, bookingType, itemCategory, itemStatus, syncStatus } from "./enums";
import { providers } from "./providers";

export type Traveler = {
  firstName: string;
  lastName: string;
  type: "adult" | "child" | "infant";
  dateOfBirth?: string;
  email?: string;
  /** IATA accessibility codes (WCHR, BLND, …) from intake, for the rules that depend on them. */
  accessibilityNeeds?: string[];
};
export type ContactInfo = { email: string; phone?: string; name: string };

// The spec's `trips` is a real table (docs/architecture.md, "Spec references"): bookings may be grouped into a trip.
export const trips = pgTable(
  "trips",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid().references(() => users.id, { onDelete: "cascade" }),
    name: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("trips_user").on(t.userId)],
);

export const bookings = pgTable(
  "bookings",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid().references(() => users.id, { onDelete: "set null" }),
    // The checkout (outside this product) names its sessions as it likes (Stripe's are `cs_…`), so text.
    checkoutSessionId: text(),
    tripId: uuid().references(() => trips.id, { onDelete: "set null" }),
    bookingReference: varchar({ length: 20 }).notNull(),
    bookingType: bookingType().notNull(),

    status: bookingStatus().notNull().default("confirmed"),
    previousStatus: bookingStatus(),
    statusChangedAt: tz().notNull().defaultNow(),
    statusChangeReason: text(),

    // Money: integer minor units of `currency` (the charge currency).
    totalMinor: minor().notNull(),
    currency: currency().notNull(),
    paidMinor: minor().notNull().default(0),
    refundedMinor: minor().notNull().default(0),

    travelers: jsonb().$type<Traveler[]>().notNull(),
    contactInfo: jsonb().$type<ContactInfo>().notNull(),
    // Denormalised from contact/travelers for search and guest look-up (kept by the writers).
    contactEmail: text().notNull(),
    leadLastName: text().notNull(),

    // Instants, not dates: "travel has ended" is a moment in UTC (the spec used DATE).
    travelStartAt: tz(),
    travelEndAt: tz(),

    isCancelled: boolean().notNull().default(false),
    cancelledAt: tz(),
    cancelledBy: actor(),
    cancellationReason: text(),

    isRefundable: boolean().notNull().default(true),
    refundDeadline: tz(),

    isModifiable: boolean().notNull().default(true),
    modificationDeadline: tz(),
    modificationCount: integer().notNull().default(0),

    documentsGenerated: boolean().notNull().default(false),
    confirmationSent: boolean().notNull().default(false),
    confirmationSentAt: tz(),
    reminderSent: boolean().notNull().default(false),
    reminderSentAt: tz(),

    hasIssue: boolean().notNull().default(false),
    issueType: varchar({ length: 100 }),
    issueDescription: text(),
    issueResolved: boolean().notNull().default(false),
    issueResolvedAt: tz(),

    hasDispute: boolean().notNull().default(false),
    disputeId: uuid(), // latest dispute (disputes.booking_id is the real link)
    /** The status held before `disputed`, restored when the dispute is won (docs/architecture.md, "Lifecycle"). */
    statusBeforeDispute: bookingStatus(),

    lastSyncedAt: tz(),
    syncStatus: syncStatus().notNull().default("synced"),
    syncError: text(),
    syncFailures: integer().notNull().default(0),

    source: varchar({ length: 50 }),
    utmSource: varchar({ length: 100 }),
    utmCampaign: varchar({ length: 100 }),

    createdAt: createdAt(),
    updatedAt: tz().notNull().defaultNow(),
    completedAt: tz(),
  },
  (t) => [
    unique("bookings_reference_unique").on(t.bookingReference),
    check("bookings_total_nonnegative", sql`${t.totalMinor} >= 0`),
    check("bookings_paid_nonnegative", sql`${t.paidMinor} >= 0`),
    check("bookings_refunded_within_paid", sql`${t.refundedMinor} >= 0 AND ${t.refundedMinor} <= ${t.paidMinor}`),
    check("bookings_currency_iso", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check(
      "bookings_travel_order",
      sql`${t.travelEndAt} IS NULL OR ${t.travelStartAt} IS NULL OR ${t.travelEndAt} >= ${t.travelStartAt}`,
    ),
    index("idx_bookings_user").on(t.userId, t.createdAt.desc()),
    index("idx_bookings_status").on(t.status, t.createdAt.desc()),
    index("idx_bookings_dates").on(t.travelStartAt, t.travelEndAt),
    index("idx_bookings_trip").on(t.tripId),
    index("idx_bookings_created").on(t.createdAt.desc(), t.id),
    // The weekly report's money and per-day figures: a week of bookings counted and summed from the index alone.
    index("idx_bookings_created_money").on(t.createdAt, t.currency, t.paidMinor),
    // The dashboard's "Open issues" tile and its bookings list (newest first, as idx_bookings_created).
    index("idx_bookings_open_issues")
      .on(t.createdAt.desc(), t.id)
      .where(sql`${t.hasIssue} AND NOT ${t.issueResolved}`),
    index("idx_bookings_sync")
      .on(t.syncStatus)
      .where(sql`${t.syncStatus} <> 'synced'`),
    index("idx_bookings_sync_error_trip")
      .on(t.travelStartAt)
      .where(sql`${t.syncStatus} = 'error'`), // dashboard critical items
    index("idx_bookings_email").on(sql`lower(${t.contactEmail})`),
    // Substring search by reference, name or e-mail on the ops bookings table (pg_trgm).
    // The expression must match server/services/bookings/search-bookings.ts exactly.
    index("idx_bookings_search_trgm").using(
      "gin",
      sql`(lower(${t.bookingReference} || ' ' || ${t.leadLastName} || ' ' || ${t.contactEmail})) gin_trgm_ops`,
    ),
  ],
);

export const bookingItems = pgTable(
  "booking_items",
  {
    id: uuid().primaryKey().defaultRandom(),
    bookingId: uuid()
      .notNull()
      .references(() => bookings.id, { onDelete: "cascade" }),
    category: itemCategory().notNull(),

    providerCode: varchar({ length: 50 })
      .notNull()
      .references(() => providers.code),
    providerBookingId: varchar({ length: 255 }),
    providerConfirmationNumber: varchar({ length: 100 }),

    status: itemStatus().notNull().default("confirmed"),
    previousStatus: itemStatus(),
    statusChangedAt: tz().notNull().defaultNow(),

    itemDetails: jsonb().$type<Record<string, unknown>>().notNull(),

    /** The provider's price, in the provider's currency. */
    priceMinor: minor().notNull(),
    priceCurrency: currency().notNull(),
    /** This item's share of what the traveler was charged, in the booking's currency (largest remainder). */
    chargeShareMinor: minor().notNull(),

    startAt: tz(),
    endAt: tz(),
    /** IANA zones of the local start and end (a flight departs at its airport's local time). */
    startZone: text(),
    endZone: text(),

    travelerIndices: integer()
      .array()
      .notNull()
      .default(sql`'{}'::integer[]`),
    /** An item that only makes sense with another one (a hotel for a flight's trip). */
    dependsOnItemId: uuid(),

    cancellationPolicy: jsonb().$type<CancellationPolicy>(),
    isCancelled: boolean().notNull().default(false),
    cancelledAt: tz(),
    cancellationFeeMinor: minor(),
    refundMinor: minor(),

    lastSyncedAt: tz(),
    providerStatus: varchar({ length: 100 }),
    providerRawStatus: jsonb(),
    /** Provider's own time of the last event applied: an older event never moves the item back. */
    providerEventAt: tz(),
    /**
     * The provider's sequence number of the last event applied to this item (1 = as booked). Events
     * that carry a sequence are applied strictly in order: a gap waits for the missing event.
     */
    providerSequence: integer().notNull().default(1),
    syncError: text(),

    originalDetails: jsonb().$type<Record<string, unknown>>(),
    scheduleChangeDetectedAt: tz(),
    scheduleChangeAcknowledged: boolean().notNull().default(false),
    /** The last change's assessment: the spec's significance, the US DOT criteria, EU 261 where in scope. */
    scheduleChangeAssessment: jsonb().$type<Record<string, unknown>>(),
    /** The traveler may cancel this item for a full refund (a significant change, a carrier cancellation). */
    refundEligible: boolean().notNull().default(false),

    createdAt: createdAt(),
    updatedAt: tz().notNull().defaultNow(),
  },
  (t) => [
    check("items_price_nonnegative", sql`${t.priceMinor} >= 0`),
    check("items_share_nonnegative", sql`${t.chargeShareMinor} >= 0`),
    check("items_fee_nonnegative", sql`${t.cancellationFeeMinor} IS NULL OR ${t.cancellationFeeMinor} >= 0`),
    check(
      "items_refund_within_share",
      sql`${t.refundMinor} IS NULL OR (${t.refundMinor} >= 0 AND ${t.refundMinor} <= ${t.chargeShareMinor})`,
    ),
    check("items_currency_iso", sql`${t.priceCurrency} ~ '^[A-Z]{3}$'`),
    index("idx_booking_items_booking").on(t.bookingId),
    uniqueIndex("idx_booking_items_provider").on(t.providerCode, t.providerBookingId),
    index("idx_booking_items_status").on(t.status),
    index("idx_booking_items_dates").on(t.startAt),
    index("idx_booking_items_category").on(t.category, t.bookingId),
    // Mass-cancellation rule: one provider's cancellations in the trailing hour.
    index("idx_booking_items_provider_cancelled")
      .on(t.providerCode, t.statusChangedAt)
      .where(sql`${t.status} = 'provider_cancelled'`),
  ],
);

export const bookingStatusHistory = pgTable(
  "booking_status_history",
  {
    id: uuid().primaryKey().defaultRandom(),
    bookingId: uuid()
      .notNull()
      .references(() => bookings.id, { onDelete: "cascade" }),
    bookingItemId: uuid().references(() => bookingItems.id, { onDelete: "cascade" }),
    // Text, not an enum: rows hold booking or item statuses depending on booking_item_id.
    fromStatus: varchar({ length: 50 }),
    toStatus: varchar({ length: 50 }).notNull(),
    changedBy: actor().notNull(),
    // The rest of the typed Actor (server/domain/actor.ts), mapped in server/services/lifecycle/history.ts.
    actorId: text(),
    actorRuleId: text(),
    onBehalfOf: text(),
    changeReason: text(),
    providerEventType: varchar({ length: 100 }),
    providerRawData: jsonb(),
    createdAt: createdAt(),
    ipAddress: inet(),
    userAgent: text(),
  },
  (t) => [
    index("idx_status_history_booking").on(t.bookingId, t.createdAt.desc()),
    index("idx_status_history_item")
      .on(t.bookingItemId)
      .where(sql`${t.bookingItemId} IS NOT NULL`),
    // The weekly report: provider cancellations and schedule changes in a week (a small slice of the history).
    index("idx_status_history_changes")
      .on(t.toStatus, t.createdAt)
      .where(sql`${t.toStatus} IN ('provider_cancelled', 'schedule_changed')`),
  ],
);

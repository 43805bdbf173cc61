import { sql } from "drizzle-orm";
import { boolean, check, index, jsonb, pgTable, text, uniqueIndex, uuid, varchar } from "drizzle-orm/pg-core";
import { sqlList } from "@/db/raw-sql";
import { openCancellationStatuses } from "@/server/domain/statuses";
import { bookingItems, bookings } from "./bookings";
import { createdAt, currency, minor, tz } from "./columns";
import { actor, cancellationStatus, modificationStatus, modificationType } from "./enums";
import { paymentTransactions, refunds } from "./payments";

export const bookingModifications = pgTable(
  "booking_modifications",
  {
    id: uuid().primaryKey().defaultRandom(),
    bookingId: uuid()
      .notNull()
      .references(() => bookings.id, { onDelete: "cascade" }),
    bookingItemId: uuid().references(() => bookingItems.id),
    modificationType: modificationType().notNull(),
    status: modificationStatus().notNull().default("pending"),
    requestedBy: actor(),
    requestDetails: jsonb().notNull(),
    originalData: jsonb(),
    modifiedData: jsonb(),
    providerCode: varchar({ length: 50 }),
    providerModificationId: varchar({ length: 255 }),
    providerResponse: jsonb(),
    // Money in the booking's currency; the price difference may be negative (a cheaper date).
    currency: currency(),
    priceDifferenceMinor: minor(),
    feeMinor: minor(),
    totalCostMinor: minor(),
    paymentRequired: boolean().notNull().default(false),
    paymentTransactionId: uuid().references(() => paymentTransactions.id),
    createdAt: createdAt(),
    submittedAt: tz(),
    completedAt: tz(),
    internalNotes: text(),
    userNotes: text(),
  },
  (t) => [
    check("modifications_fee_nonnegative", sql`${t.feeMinor} IS NULL OR ${t.feeMinor} >= 0`),
    check("modifications_total_nonnegative", sql`${t.totalCostMinor} IS NULL OR ${t.totalCostMinor} >= 0`),
    index("idx_modifications_booking").on(t.bookingId),
    index("idx_modifications_status").on(t.status),
  ],
);

export type RefundQuote = {
  currency: string;
  totalEligibleMinor: number;
  cancellationFeeMinor: number;
  processingFeeMinor: number;
  refundMinor: number;
  items: {
    itemId: string;
    paidMinor: number;
    feeMinor: number;
    refundMinor: number;
    policy: string;
    // Written by server/domain/refund-quote.ts (optional: older quotes lack them).
    cancellationFeeMinor?: number;
    processingFeeMinor?: number;
    tierFrom?: string | null;
    nextTierAt?: string | null;
    waived?: boolean;
  }[];
  quotedAt?: string;
  /** The quote's fee rises at this instant (ISO): expire the quote by then. */
  changesAt?: string | null;
};

export const cancellationRequests = pgTable(
  "cancellation_requests",
  {
    id: uuid().primaryKey().defaultRandom(),
    bookingId: uuid()
      .notNull()
      .references(() => bookings.id, { onDelete: "cascade" }),
    requestedBy: actor().notNull(),
    requestReason: varchar({ length: 255 }),
    requestNotes: text(),
    cancellationType: varchar({ length: 20 }).notNull(), // full | partial
    itemsToCancel: uuid().array(),
    status: cancellationStatus().notNull().default("pending"),
    refundCalculation: jsonb().$type<RefundQuote>(),
    policyApplied: jsonb(),
    quoteExpiresAt: tz(),
    providerCancellations: jsonb()
      .$type<
        {
          provider: string;
          itemId: string;
          status: string;
          reference?: string;
          cancelledAt?: string;
          error?: string;
          /** What the provider returns to us, in its currency (not the traveler's refund). */
          providerRefundMinor?: number;
          providerCurrency?: string;
        }[]
      >()
      .notNull()
      .default(sql`'[]'::jsonb`),
    refundId: uuid().references(() => refunds.id),
    refundStatus: varchar({ length: 50 }),
    createdAt: createdAt(),
    confirmedAt: tz(),
    completedAt: tz(),
    autoProcessed: boolean().notNull().default(false),
    autoProcessReason: varchar({ length: 255 }),
  },
  (t) => [
    check("cancellations_type", sql`${t.cancellationType} IN ('full', 'partial')`),
    index("idx_cancellations_booking").on(t.bookingId),
    index("idx_cancellations_status").on(t.status),
    // The weekly report: cancellations completed in a week.
    index("idx_cancellations_completed")
      .on(t.completedAt)
      .where(sql`${t.completedAt} IS NOT NULL`),
    // One open cancellation per booking (docs/architecture.md, "Cancellation requests").
    uniqueIndex("cancellations_one_open_per_booking")
      .on(t.bookingId)
      .where(sql`status IN ${sqlList(openCancellationStatuses)}`),
    // The bookings list's "open cancellations" (the dashboard's tile): latest request first.
    index("cancellations_open_created")
      .on(t.createdAt, t.id)
      .where(sql`status IN ${sqlList(openCancellationStatuses)}`),
  ],
);

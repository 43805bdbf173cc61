import { bigint, bigserial, date, pgTable, primaryKey, varchar } from "drizzle-orm/pg-core";
import { currency } from "./columns";
import { bookingStatus } from "./enums";

// Dashboard rollups (server/services/metrics/README.md). Triggers in the migrations append a
// delta row for every change to bookings, status history and refunds (append-only: writers never
// wait on each other); compaction folds deltas into the rollup. Readers sum rollup + deltas in one
// statement, so figures are exact and current at any moment.

/** Bookings per UTC creation day, currency and current status, with their money. */
const bookingRollupColumns = () => ({
  day: date({ mode: "string" }).notNull(),
  currency: currency().notNull(),
  status: bookingStatus().notNull(),
  bookings: bigint({ mode: "number" }).notNull(),
  totalMinor: bigint({ mode: "number" }).notNull(),
  paidMinor: bigint({ mode: "number" }).notNull(),
  refundedMinor: bigint({ mode: "number" }).notNull(),
  disputed: bigint({ mode: "number" }).notNull(),
  openIssues: bigint({ mode: "number" }).notNull(),
});
export const bookingRollup = pgTable("booking_rollup", bookingRollupColumns(), (t) => [
  primaryKey({ columns: [t.day, t.currency, t.status] }),
]);
/** The same, all days together: what all-time figures read (a few dozen rows); compaction keeps both. */
const { day: _day, ...totalColumns } = bookingRollupColumns();
export const bookingRollupTotal = pgTable("booking_rollup_total", totalColumns, (t) => [
  primaryKey({ columns: [t.currency, t.status] }),
]);
export const bookingRollupDelta = pgTable("booking_rollup_delta", {
  id: bigserial({ mode: "number" }).primaryKey(),
  ...bookingRollupColumns(),
});

/**
 * Durations per UTC day of the event: "confirmation" (booking created → confirmed, seconds) and
 * "refund" (refund created → succeeded, seconds).
 */
const timingRollupColumns = () => ({
  day: date({ mode: "string" }).notNull(),
  metric: varchar({ length: 30 }).notNull(),
  n: bigint({ mode: "number" }).notNull(),
  seconds: bigint({ mode: "number" }).notNull(),
});
export const timingRollup = pgTable("timing_rollup", timingRollupColumns(), (t) => [
  primaryKey({ columns: [t.day, t.metric] }),
]);
export const timingRollupDelta = pgTable("timing_rollup_delta", {
  id: bigserial({ mode: "number" }).primaryKey(),
  ...timingRollupColumns(),
});

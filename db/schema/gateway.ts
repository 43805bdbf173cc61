import { sql } from "drizzle-orm";
import { bigserial, check, customType, index, integer, jsonb, pgTable, text, varchar } from "drizzle-orm/pg-core";
import { currency, minor, tz } from "./columns";

// The local payment gateway's own state (server/payments/local-gateway.ts): what Stripe would hold
// on its side. Kept apart from our payment records so the two can disagree, as with the real one.
// Amounts are OUR minor units (ISO exponents); the Stripe-shaped JSON it emits uses Stripe's.

const bytea = customType<{ data: Buffer }>({ dataType: () => "bytea" });

export const localGatewayPaymentIntents = pgTable(
  "local_gateway_payment_intents",
  {
    id: varchar({ length: 64 }).primaryKey(), // pi_local_…
    chargeId: varchar({ length: 64 }).unique(), // ch_local_…, once a charge was attempted
    status: varchar({ length: 32 }).notNull(),
    amountMinor: minor().notNull(),
    amountReceivedMinor: minor().notNull().default(0),
    /** Refunds pending or succeeded: a refund may never take this past what was received. */
    refundedMinor: minor().notNull().default(0),
    currency: currency().notNull(),
    paymentMethodId: text(),
    customerId: text(),
    description: text(),
    metadata: jsonb().$type<Record<string, string>>().notNull().default({}),
    returnUrl: text(),
    clientSecret: text().notNull(),
    lastError: jsonb().$type<{ code: string; decline_code?: string; message: string }>(),
    createdAt: tz().notNull().defaultNow(),
    updatedAt: tz().notNull().defaultNow(),
  },
  (t) => [
    check("lg_intents_amount_positive", sql`${t.amountMinor} > 0`),
    check(
      "lg_intents_received_within_amount",
      sql`${t.amountReceivedMinor} >= 0 AND ${t.amountReceivedMinor} <= ${t.amountMinor}`,
    ),
    check(
      "lg_intents_refunded_within_received",
      sql`${t.refundedMinor} >= 0 AND ${t.refundedMinor} <= ${t.amountReceivedMinor}`,
    ),
    check(
      "lg_intents_status",
      sql`${t.status} IN ('requires_payment_method', 'requires_action', 'processing', 'succeeded', 'canceled')`,
    ),
  ],
);

export const localGatewayRefunds = pgTable(
  "local_gateway_refunds",
  {
    id: varchar({ length: 64 }).primaryKey(), // re_local_…
    paymentIntentId: varchar({ length: 64 })
      .notNull()
      .references(() => localGatewayPaymentIntents.id),
    chargeId: varchar({ length: 64 }),
    amountMinor: minor().notNull(),
    currency: currency().notNull(),
    status: varchar({ length: 32 }).notNull(), // pending | succeeded | failed | canceled
    reason: varchar({ length: 40 }),
    metadata: jsonb().$type<Record<string, string>>().notNull().default({}),
    failureReason: varchar({ length: 64 }),
    /** A pending refund settles at this instant into `settleTo` (advanceLocalGateway). */
    settleAt: tz(),
    settleTo: varchar({ length: 32 }),
    createdAt: tz().notNull().defaultNow(),
    updatedAt: tz().notNull().defaultNow(),
  },
  (t) => [
    check("lg_refunds_amount_positive", sql`${t.amountMinor} > 0`),
    check("lg_refunds_status", sql`${t.status} IN ('pending', 'succeeded', 'failed', 'canceled')`),
    index("lg_refunds_intent").on(t.paymentIntentId),
    index("lg_refunds_settle")
      .on(t.settleAt)
      .where(sql`${t.status} = 'pending'`),
  ],
);

/** Stripe's idempotency: the first request with a key stores its answer; the same key replays it. */
export const localGatewayIdempotency = pgTable("local_gateway_idempotency", {
  key: text().primaryKey(),
  operation: varchar({ length: 40 }).notNull(),
  requestHash: text().notNull(),
  /** `{ object }` or `{ error }` (a decline is replayed as a decline, like Stripe). */
  response: jsonb().$type<{
    object?: unknown;
    error?: { kind: string; code?: string; message: string; declineCode?: string; details?: Record<string, unknown> };
  }>(),
  createdAt: tz().notNull().defaultNow(),
});

export const localGatewayDisputes = pgTable(
  "local_gateway_disputes",
  {
    id: varchar({ length: 64 }).primaryKey(), // dp_local_…
    paymentIntentId: varchar({ length: 64 })
      .notNull()
      .references(() => localGatewayPaymentIntents.id),
    chargeId: varchar({ length: 64 }),
    amountMinor: minor().notNull(),
    currency: currency().notNull(),
    reason: varchar({ length: 64 }).notNull(),
    status: varchar({ length: 40 }).notNull(),
    evidence: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    evidenceDueBy: tz().notNull(),
    submissionCount: integer().notNull().default(0),
    createdAt: tz().notNull().defaultNow(),
    updatedAt: tz().notNull().defaultNow(),
  },
  (t) => [check("lg_disputes_amount_positive", sql`${t.amountMinor} > 0`)],
);

export const localGatewayFiles = pgTable("local_gateway_files", {
  id: varchar({ length: 64 }).primaryKey(), // file_local_…
  purpose: varchar({ length: 40 }).notNull(),
  filename: text().notNull(),
  contentType: varchar({ length: 100 }).notNull(),
  size: integer().notNull(),
  data: bytea().notNull(),
  createdAt: tz().notNull().defaultNow(),
});

/** Stripe-shaped events, delivered in `seq` order by deliverLocalGatewayEvents. */
export const localGatewayEvents = pgTable(
  "local_gateway_events",
  {
    seq: bigserial({ mode: "number" }).primaryKey(),
    id: varchar({ length: 64 }).notNull().unique(), // evt_local_…
    type: varchar({ length: 80 }).notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    createdAt: tz().notNull().defaultNow(),
    deliveredAt: tz(),
    attempts: integer().notNull().default(0),
    lastError: text(),
  },
  (t) => [
    index("lg_events_undelivered")
      .on(t.seq)
      .where(sql`${t.deliveredAt} IS NULL`),
  ],
);

/**
 * Fault injection, persisted (tests and the demo console): the next `remaining` calls of
 * `operation` behave as `mode`. Consumed oldest first, inside the call's own transaction.
 */
export const localGatewayFaults = pgTable(
  "local_gateway_faults",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    operation: varchar({ length: 20 }).notNull(), // refund | charge
    mode: varchar({ length: 30 }).notNull(), // decline | timeout_after_success | fail_later | unavailable
    remaining: integer().notNull(),
    declineCode: varchar({ length: 64 }),
    createdAt: tz().notNull().defaultNow(),
  },
  (t) => [
    check("lg_faults_operation", sql`${t.operation} IN ('refund', 'charge')`),
    check("lg_faults_mode", sql`${t.mode} IN ('decline', 'timeout_after_success', 'fail_later', 'unavailable')`),
    check("lg_faults_remaining", sql`${t.remaining} >= 0`),
    index("lg_faults_pending")
      .on(t.operation, t.id)
      .where(sql`${t.remaining} > 0`),
  ],
);

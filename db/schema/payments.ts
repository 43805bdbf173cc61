import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  unique,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { sqlList } from "@/db/raw-sql";
import {
  awaitingEvidenceStatuses,
  cardFundings,
  type CardFunding,
  closedDisputeStatuses,
  openDisputeStatuses,
  retryableRefundStatuses,
  settledRefundStatuses,
} from "@/server/domain/statuses";
import { bookings } from "./bookings";
import { cancellationRequests } from "./changes";
import { createdAt, currency, minor, tz } from "./columns";
import { actor, disputeStatus, paymentKind, paymentMethod, paymentStatus, refundStatus } from "./enums";

/**
 * Money taken from the traveler: the booking's charge and any change-fee charges.
 * `refunded_minor` is kept by a trigger (see migrations) as the sum of this payment's refunds that
 * are pending, processing or succeeded: money promised back counts against what was paid, so two
 * concurrent refunds can never together exceed it. The CHECK then refuses any over-refund.
 */
export const paymentTransactions = pgTable(
  "payment_transactions",
  {
    id: uuid().primaryKey().defaultRandom(),
    bookingId: uuid()
      .notNull()
      .references(() => bookings.id),
    kind: paymentKind().notNull(),
    status: paymentStatus().notNull(),
    method: paymentMethod().notNull().default("card"),
    amountMinor: minor().notNull(),
    refundedMinor: minor().notNull().default(0),
    currency: currency().notNull(),
    gateway: varchar({ length: 20 }).notNull().default("local"), // "stripe" | "local"
    stripePaymentIntentId: varchar({ length: 100 }),
    stripeChargeId: varchar({ length: 100 }),
    stripePaymentMethodId: varchar({ length: 100 }),
    /** The Stripe customer the saved card belongs to: later charges (change fees) need both. */
    stripeCustomerId: varchar({ length: 100 }),
    /** The card's funding, from intake: the US DOT refund clock depends on it (unknown counts as credit). */
    funding: varchar({ length: 10 }).$type<CardFunding>(),
    failureReason: text(),
    createdAt: createdAt(),
    updatedAt: tz().notNull().defaultNow(),
  },
  (t) => [
    check("payments_amount_nonnegative", sql`${t.amountMinor} >= 0`),
    check("payments_refunded_within_paid", sql`${t.refundedMinor} >= 0 AND ${t.refundedMinor} <= ${t.amountMinor}`),
    check("payments_funding", sql`${t.funding} IS NULL OR ${t.funding} IN ${sqlList(cardFundings)}`),
    check("payments_currency_iso", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    unique("payments_stripe_payment_intent").on(t.stripePaymentIntentId),
    unique("payments_stripe_charge").on(t.stripeChargeId),
    index("payments_booking").on(t.bookingId),
  ],
);

export type RefundBreakdown = {
  baseMinor: number;
  cancellationFeeMinor: number;
  processingFeeMinor: number;
  finalRefundMinor: number;
  items: { itemId: string; paidMinor: number; feeMinor: number; refundMinor: number; policy: string }[];
};

export const refunds = pgTable(
  "refunds",
  {
    id: uuid().primaryKey().defaultRandom(),
    bookingId: uuid()
      .notNull()
      .references(() => bookings.id),
    cancellationRequestId: uuid().references((): AnyPgColumn => cancellationRequests.id),
    paymentTransactionId: uuid()
      .notNull()
      .references(() => paymentTransactions.id),
    refundReference: varchar({ length: 50 }).notNull(),
    /** Sent to the gateway: a retried call can never refund twice. Derived from our refund id. */
    idempotencyKey: text().notNull(),

    stripeRefundId: varchar({ length: 100 }),
    stripeStatus: varchar({ length: 50 }),

    amountMinor: minor().notNull(),
    currency: currency().notNull(),
    breakdown: jsonb().$type<RefundBreakdown>(),

    /** Where a provider refunds in its own currency: what it returned, at which rate, from where. */
    providerAmountMinor: minor(),
    providerCurrency: currency(),
    fxRate: text(), // decimal string, never a float
    fxRateSource: text(),

    status: refundStatus().notNull().default("pending"),
    reason: varchar({ length: 255 }),
    requestedBy: actor(),

    processedAt: tz(),
    failureReason: text(),
    retryCount: integer().notNull().default(0),
    nextRetryAt: tz(),
    estimatedArrival: date({ mode: "string" }),
    /** Legal deadline for the refund (US DOT 7 business days / 20 days, EU 7 or 14 days). */
    dueBy: tz(),
    /** The last legal-deadline alert raised for it ('near', then 'missed'): each once, moved forward by a guarded update. */
    deadlineAlert: varchar({ length: 10 }),
    deadlineAlertAt: tz(),
    /** Ops paid this refund while its charge is under an open dispute: why (issue 23; else it is `held`). */
    disputeOverrideReason: text(),

    createdAt: createdAt(),
    updatedAt: tz().notNull().defaultNow(),
  },
  (t) => [
    check("refunds_amount_positive", sql`${t.amountMinor} > 0`),
    check(
      "refunds_provider_amount_nonnegative",
      sql`${t.providerAmountMinor} IS NULL OR ${t.providerAmountMinor} >= 0`,
    ),
    check("refunds_retry_nonnegative", sql`${t.retryCount} >= 0`),
    check("refunds_deadline_alert", sql`${t.deadlineAlert} IS NULL OR ${t.deadlineAlert} IN ('near', 'missed')`),
    unique("refunds_reference_unique").on(t.refundReference),
    unique("refunds_idempotency_key").on(t.idempotencyKey),
    unique("refunds_stripe_refund").on(t.stripeRefundId),
    index("idx_refunds_booking").on(t.bookingId),
    // /ops/refunds by status, newest first a keyset page at a time (read backwards).
    index("idx_refunds_status").on(t.status, t.createdAt, t.id),
    index("idx_refunds_payment").on(t.paymentTransactionId),
    index("idx_refunds_retry")
      .on(t.nextRetryAt)
      .where(sql`${t.status} IN ${sqlList(retryableRefundStatuses)}`),
    // Dashboard critical items: failed refunds, newest first; open refunds by legal deadline.
    index("idx_refunds_failed")
      .on(t.createdAt.desc())
      .where(sql`${t.status} = 'failed'`),
    // Unpaid = not settled, written with the settled (older) enum values only: a value added by
    // ALTER TYPE cannot appear in the same migration transaction, and the planner still proves
    // `status IN (<unpaid>)` implies this predicate.
    index("idx_refunds_due")
      .on(t.dueBy)
      .where(sql`${t.status} NOT IN ${sqlList(settledRefundStatuses)}`),
    // /ops/refunds: the queue (failed first, then the oldest waiting) and the history of settled ones.
    index("idx_refunds_queue")
      .on(sql`(${t.status} <> 'failed')`, t.createdAt, t.id)
      .where(sql`${t.status} NOT IN ${sqlList(settledRefundStatuses)}`),
    index("idx_refunds_settled")
      .on(t.createdAt, t.id)
      .where(sql`${t.status} IN ${sqlList(settledRefundStatuses)}`),
    // The weekly report: refunds sent (counted and summed from the index alone), and refunds that failed, in a week.
    index("idx_refunds_processed")
      .on(t.processedAt, t.currency, t.amountMinor)
      .where(sql`${t.status} = 'succeeded'`),
    index("idx_refunds_failed_updated")
      .on(t.updatedAt)
      .where(sql`${t.status} = 'failed'`),
  ],
);

export const disputes = pgTable(
  "disputes",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Null when no payment of ours matched the disputed charge (stored anyway, with a critical alert). */
    bookingId: uuid().references(() => bookings.id),
    paymentTransactionId: uuid().references(() => paymentTransactions.id),
    stripeDisputeId: varchar({ length: 100 }).notNull(),
    stripeChargeId: varchar({ length: 100 }),
    amountMinor: minor().notNull(),
    currency: currency().notNull(),
    reason: varchar({ length: 100 }),
    status: disputeStatus().notNull(),
    evidenceDueBy: tz(),
    evidenceSubmitted: boolean().notNull().default(false),
    evidenceSubmittedAt: tz(),
    evidenceData: jsonb(),
    outcome: varchar({ length: 50 }), // won | lost | pending
    outcomeReason: text(),
    assignedTo: varchar({ length: 100 }),
    priority: varchar({ length: 20 }).notNull().default("high"),
    internalNotes: text(),
    /** Issue 23: the dispute is in another currency than its payment (flagged, alerted; its chargeback is reconciled by hand). */
    crossCurrency: boolean().notNull().default(false),
    /** Funds moved by the network (charge.dispute.funds_withdrawn / funds_reinstated). */
    fundsWithdrawnAt: tz(),
    fundsReinstatedAt: tz(),
    /** The evidence deadline's last stage alerted (due_72h → due_24h → past_due): each alerts once. */
    deadlineStage: varchar({ length: 20 }),
    deadlineStageAt: tz(),
    /** A lost dispute's chargeback, recorded as a succeeded refund (reason 'chargeback'). */
    chargebackRefundId: uuid().references(() => refunds.id),
    createdAt: createdAt(),
    updatedAt: tz().notNull().defaultNow(),
    resolvedAt: tz(),
  },
  (t) => [
    check("disputes_amount_positive", sql`${t.amountMinor} > 0`),
    check(
      "disputes_deadline_stage",
      sql`${t.deadlineStage} IS NULL OR ${t.deadlineStage} IN ('due_72h', 'due_24h', 'past_due')`,
    ),
    unique("disputes_stripe_dispute").on(t.stripeDisputeId),
    index("idx_disputes_booking").on(t.bookingId),
    index("idx_disputes_status").on(t.status),
    index("idx_disputes_evidence_due")
      .on(t.evidenceDueBy)
      .where(sql`NOT ${t.evidenceSubmitted}`),
    // Dashboard critical items and /ops/disputes "needs evidence": waiting for evidence, by deadline.
    index("idx_disputes_awaiting_evidence")
      .on(t.evidenceDueBy, t.id)
      .where(sql`NOT ${t.evidenceSubmitted} AND ${t.status} IN ${sqlList(awaitingEvidenceStatuses)}`),
    // /ops/disputes: open ones by deadline (none last); closed and all newest first, a page at a time.
    index("idx_disputes_open")
      .on(t.evidenceDueBy, t.id)
      .where(sql`${t.status} IN ${sqlList(openDisputeStatuses)}`),
    index("idx_disputes_closed")
      .on(t.createdAt, t.id)
      .where(sql`${t.status} IN ${sqlList(closedDisputeStatuses)}`),
    index("idx_disputes_created").on(t.createdAt, t.id),
    // The weekly report: disputes won and lost in a week.
    index("idx_disputes_resolved")
      .on(t.outcome, t.resolvedAt)
      .where(sql`${t.resolvedAt} IS NOT NULL`),
  ],
);

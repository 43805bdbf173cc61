import { eventType } from "inngest";
import { z } from "zod";
import { apiClientChanges } from "@/server/domain/api-keys";
import {
  bookingStatuses,
  commTypes,
  disputeStatuses,
  itemStatuses,
  modificationStatuses,
  modificationTypes,
  severities,
} from "@/server/domain/statuses";
import { actor, amountMinor, currency, instant, rowId } from "./fields";

/**
 * Every domain event, declared once: its name, its payload (zod) and the Inngest event type that
 * functions trigger on. Services write them with `recordEvent` (server/services/events), which takes
 * only these names with their payloads; SQL writers take the name from `eventNames`. An event that
 * no function or rule acts on says so (`historyOnly`, with the reason): it is kept in the outbox as
 * the record of what happened. catalogue.int.test.ts holds every event to one of the two.
 */
function declare<const N extends string, S extends z.ZodObject>(
  name: N,
  schema: S,
  opts: { historyOnly?: string } = {},
) {
  // The SDK validates a trigger's events with this schema before a run starts.
  return Object.assign(eventType<N, S>(name, { schema: schema as never }), { historyOnly: opts.historyOnly ?? null });
}

const bookingRef = { bookingId: rowId };
const modification = z.object({
  modificationId: rowId,
  bookingId: rowId,
  type: z.enum(modificationTypes),
  from: z.enum(modificationStatuses).nullable().optional(),
  to: z.enum(modificationStatuses),
});
const modificationHistory = "the change's own row and the traveler's message record it; nothing else waits on it";
const cancellationOutcome = z.object({
  cancellationId: rowId,
  bookingId: rowId,
  cancelled: z.array(rowId),
  failed: z.array(rowId),
});
const refundMoney = { refundId: rowId, bookingId: rowId, amountMinor, currency };
const disputeFunds = z.object({ disputeId: rowId, bookingId: rowId.nullable(), at: instant });
const disputeFundsHistory = "the time is stamped on the dispute row in the same transaction; nothing acts on it";
const disputeDeadline = z.object({
  disputeId: rowId,
  bookingId: rowId.nullable(),
  stage: z.string(),
  evidenceDueBy: instant,
});
const deadlineHistory = "its alert and follow-up are raised in the same transaction (check-deadlines)";
const automationRun = { runId: rowId, ruleId: z.string(), bookingId: rowId.nullable(), eventId: z.string() };

export const events = {
  // Lifecycle (server/services/lifecycle, and the webhook batch path in SQL)
  bookingStatusChanged: declare(
    "booking/status_changed",
    z.object({
      bookingId: rowId,
      from: z.enum(bookingStatuses),
      to: z.enum(bookingStatuses),
      actor,
      reason: z.string(),
      causedByItemId: rowId.optional(),
    }),
  ),
  itemStatusChanged: declare(
    "item/status_changed",
    z.object({
      itemId: rowId,
      bookingId: rowId,
      from: z.enum(itemStatuses),
      to: z.enum(itemStatuses),
      actor,
      reason: z.string(),
    }),
  ),
  bookingCompleted: declare(
    "booking/completed",
    z.object({ bookingId: rowId, reference: z.string(), completedAt: instant }),
    { historyOnly: "review requests follow from bookings.completed_at (the hourly review-requests job)" },
  ),
  bookingCreated: declare(
    "booking/created",
    // A pending one starts the intake journey (inngest/functions/confirm-intake.ts).
    z.object({ bookingId: rowId, status: z.enum(bookingStatuses), actor, reason: z.string() }),
  ),

  // Provider sync and webhooks
  syncProviderRequested: declare(
    "sync/provider.requested",
    z.object({ providerCode: z.string(), dueBefore: instant, requestedBy: actor.optional() }),
  ),
  providerWebhookReceived: declare(
    "provider_webhook/received",
    z.object({ webhookRowId: rowId, provider: z.string(), type: z.string(), replay: z.boolean().optional() }),
  ),
  paymentWebhookReceived: declare(
    "payment_webhook/received",
    z.object({ paymentEventId: rowId, type: z.string(), objectId: z.string().nullable() }),
  ),

  // Documents and messages
  documentsRequested: declare("documents/requested", z.object({ ...bookingRef, reason: z.string().optional() })),
  documentsGenerated: declare(
    "documents/generated",
    z.object({
      ...bookingRef,
      documents: z.array(z.object({ id: rowId, kind: z.string(), version: z.number().int() })),
    }),
    { historyOnly: "the documents are stored and shown by the portal; nothing follows their generation" },
  ),
  communicationQueued: declare(
    "communication/queued",
    z.object({ communicationId: rowId, bookingId: rowId, type: z.enum(commTypes) }),
  ),

  // Refunds
  refundOwed: declare(
    "refund/owed",
    z.object({ ...refundMoney, itemId: rowId.optional(), modificationId: rowId.optional() }),
  ),
  refundRequested: declare(
    "refund/requested",
    z.object({
      refundId: rowId,
      bookingId: rowId,
      cancellationId: rowId.optional(),
      amountMinor: amountMinor.optional(),
      currency: currency.optional(),
      by: actor.optional(),
      manual: z.boolean().optional(),
    }),
  ),
  refundProcessing: declare(
    "refund/processing",
    z.object({ refundId: rowId, bookingId: rowId, attempt: z.number().int() }),
    { historyOnly: "the pay-out function that claimed the refund is already running it" },
  ),
  refundAttemptFailed: declare(
    "refund/attempt_failed",
    z.object({ refundId: rowId, bookingId: rowId, attempt: z.number().int(), reason: z.string() }),
    { historyOnly: "the hourly refund job retries it; the last failed attempt writes refund/failed" },
  ),
  refundFailed: declare(
    "refund/failed",
    z.object({
      refundId: rowId,
      bookingId: rowId,
      attempts: z.number().int().optional(),
      reason: z.string().optional(),
      amountMinor: amountMinor.optional(),
      currency: currency.optional(),
      modificationId: rowId.optional(),
    }),
  ),
  refundReturned: declare("refund/returned", z.object({ ...refundMoney, reason: z.string() }), {
    historyOnly:
      "a succeeded refund came back: its alert, follow-up and message are written with it (refund-returned.ts)",
  }),
  refundDeadlineAlert: declare(
    "refund/deadline_alert",
    z.object({ refundId: rowId, bookingId: rowId, stage: z.enum(["near", "missed"]), dueBy: instant }),
    {
      historyOnly: "its alert (and, once missed, follow-up) is raised in the same transaction (check-refund-deadlines)",
    },
  ),
  refundSucceeded: declare("refund/succeeded", z.object(refundMoney), {
    historyOnly: "the refund row records the payout; nothing follows it",
  }),
  // Issue 23: owed while its payment is under an open dispute; the dispute's closure pays it
  // (refund/requested) or cancels it for what the chargeback returned (refund/cancelled).
  refundHeld: declare("refund/held", z.object({ ...refundMoney, paymentId: rowId, reason: z.string() }), {
    historyOnly: "nothing pays a held refund; the dispute's closure releases or cancels it",
  }),
  refundCancelled: declare(
    "refund/cancelled",
    z.object({ ...refundMoney, cancelledMinor: amountMinor, disputeId: rowId, reason: z.string() }),
    { historyOnly: "the refund row and the chargeback record it in the same transaction" },
  ),
  refundCreated: declare("refund/created", z.object({ ...refundMoney, modificationId: rowId }), {
    historyOnly: "a change's price difference, paid out in the change's own step",
  }),

  // Cancellations
  cancellationQuoted: declare(
    "cancellation/quoted",
    z.object({ cancellationId: rowId, bookingId: rowId, refundMinor: amountMinor, currency }),
    { historyOnly: "a quote waits for the traveler; an unconfirmed one simply expires" },
  ),
  cancellationConfirmed: declare(
    "cancellation/confirmed",
    // `by`: who confirmed (ops acting for the traveler included), named on the items' history rows.
    z.object({ cancellationId: rowId, bookingId: rowId, by: actor.optional() }),
  ),
  cancellationRetryRequested: declare(
    "cancellation/retry_requested",
    z.object({ cancellationId: rowId, bookingId: rowId, by: actor.optional() }),
  ),
  cancellationCompleted: declare("cancellation/completed", cancellationOutcome),
  cancellationPartial: declare("cancellation/partial", cancellationOutcome, {
    historyOnly: "its alert and follow-up are raised in the same transaction; ops retries from the console",
  }),
  cancellationOffered: declare(
    "cancellation/offered",
    z.object({ cancellationRequestId: rowId, bookingId: rowId, items: z.array(rowId) }),
    { historyOnly: "the offer waits for the traveler in the portal" },
  ),

  // Changes
  modificationRequested: declare("modification/requested", modification, { historyOnly: modificationHistory }),
  modificationRejected: declare("modification/rejected", modification, { historyOnly: modificationHistory }),
  modificationAwaitingPayment: declare("modification/awaiting_payment", modification, {
    historyOnly: "the traveler pays on the payment page; its webhook moves the change on",
  }),
  modificationSubmitted: declare("modification/submitted", modification),
  modificationConfirmed: declare("modification/confirmed", modification, { historyOnly: modificationHistory }),
  modificationFailed: declare("modification/failed", modification, { historyOnly: modificationHistory }),
  modificationCancelled: declare("modification/cancelled", modification, { historyOnly: modificationHistory }),
  rollbackFailed: declare(
    "rollback/failed",
    z.object({
      rollbackId: z.string(),
      bookingId: rowId,
      modificationId: rowId.optional(),
      itemId: rowId.optional(),
      step: z.string(),
      error: z.string(),
    }),
  ),

  // Disputes
  disputeCreated: declare(
    "dispute/created",
    z.object({
      disputeId: rowId,
      bookingId: rowId.nullable(),
      stripeDisputeId: z.string(),
      amountMinor,
      currency,
      reason: z.string().nullable(),
      evidenceDueBy: instant.nullable(),
      eventType: z.string(),
      unmatched: z.boolean().optional(),
    }),
  ),
  disputeUpdated: declare(
    "dispute/updated",
    z.object({
      disputeId: rowId,
      bookingId: rowId.nullable(),
      from: z.enum(disputeStatuses),
      to: z.enum(disputeStatuses),
    }),
    { historyOnly: "the deadline job reads the dispute row; a status change alone asks nothing of anyone" },
  ),
  disputeClosed: declare(
    "dispute/closed",
    z.object({
      disputeId: rowId,
      bookingId: rowId.nullable(),
      status: z.enum(disputeStatuses),
      outcome: z.string(),
      chargebackRefundId: rowId.nullable(),
      amountMinor,
      currency,
      eventType: z.string(),
    }),
    { historyOnly: "the booking's transition and the chargeback are written in the same transaction" },
  ),
  disputeFundsWithdrawn: declare("dispute/funds_withdrawn", disputeFunds, { historyOnly: disputeFundsHistory }),
  disputeFundsReinstated: declare("dispute/funds_reinstated", disputeFunds, { historyOnly: disputeFundsHistory }),
  disputeEvidenceSubmitted: declare(
    "dispute/evidence_submitted",
    z.object({
      disputeId: rowId,
      bookingId: rowId.nullable(),
      by: actor,
      status: z.string(),
      files: z.array(z.string()),
    }),
    { historyOnly: "the deadline reminders are closed in the same transaction" },
  ),
  disputeDeadlineNear: declare("dispute/deadline_near", disputeDeadline, { historyOnly: deadlineHistory }),
  disputeDeadlinePassed: declare("dispute/deadline_passed", disputeDeadline, { historyOnly: deadlineHistory }),

  // Alerts and follow-ups
  alertRaised: declare(
    "alert/raised",
    z.object({ alertId: rowId, severity: z.enum(severities), source: z.string(), bookingId: rowId.nullable() }),
  ),
  alertAcknowledged: declare("alert/acknowledged", z.object({ alertId: rowId, by: actor }), {
    historyOnly: "a person's answer to the alert, kept as its history",
  }),
  alertResolved: declare("alert/resolved", z.object({ alertId: rowId, by: actor }), {
    historyOnly: "a person's answer to the alert, kept as its history",
  }),
  followUpUpdated: declare(
    "follow_up/updated",
    z.object({ followUpId: rowId, by: actor, owner: z.string().nullable(), dueAt: instant }),
    { historyOnly: "a person's change to the follow-up (owner, due time), kept as its history" },
  ),
  followUpResolved: declare(
    "follow_up/resolved",
    z.object({ followUpId: rowId, bookingId: rowId.nullable(), by: actor }),
    { historyOnly: "a person's answer to the follow-up, kept as its history" },
  ),

  // Automation engine
  automationScheduled: declare("automation/scheduled", z.object({ at: instant })),
  automationRunCompleted: declare("automation/run_completed", z.object(automationRun), {
    historyOnly: "the run row is the record; a completed run asks nothing of anyone",
  }),
  automationRunFailed: declare("automation/run_failed", z.object({ ...automationRun, error: z.string() }), {
    historyOnly: "failRun raises its alert and follow-up in the same transaction",
  }),
  automationRuleEnabled: declare("automation/rule_enabled", z.object({ ruleId: z.string(), by: actor }), {
    historyOnly: "the engine reads the rule's enabled flag when it matches; this is the audit record",
  }),
  automationRuleDisabled: declare("automation/rule_disabled", z.object({ ruleId: z.string(), by: actor }), {
    historyOnly: "the engine reads the rule's enabled flag when it matches; this is the audit record",
  }),

  // API clients of the intake API (server/services/api-clients)
  apiClientChanged: declare(
    "api_client/changed",
    z.object({ clientId: rowId, keyId: rowId.nullable(), change: z.enum(apiClientChanges), by: actor }),
    { historyOnly: "an operator's change to who may call the intake API, kept as its audit record" },
  ),
  // An NDJSON file uploaded in the console, stored under .data/imports/ (inngest/functions/import-bookings.ts).
  importUploaded: declare("import/uploaded", z.object({ runId: rowId })),

  // Provider payouts (server/services/payouts): a statement matched, a payout dispute settled.
  payoutStatementImported: declare(
    "payout/statement_imported",
    z.object({
      statementId: rowId,
      providerCode: z.string(),
      lines: z.number().int(),
      matched: z.number().int(),
      disputes: z.number().int(),
    }),
    { historyOnly: "its disputes and their follow-up are written in the same transaction" },
  ),
  payoutDisputeResolved: declare(
    "payout/dispute_resolved",
    z.object({ disputeId: rowId, providerCode: z.string(), by: z.string(), note: z.string() }),
    { historyOnly: "a person's answer to the payout dispute, kept as its history" },
  ),

  // Travel credit (server/services/credits): each writes its ledger entry in the same transaction.
  creditGranted: declare(
    "credit/granted",
    z.object({ grantId: rowId, userId: rowId, kind: z.string(), amountMinor, currency, expiresAt: instant }),
    { historyOnly: "the grant and its ledger entry are the record; the expiry job reads the grant" },
  ),
  creditHoldPlaced: declare(
    "credit/hold_placed",
    z.object({ holdId: rowId, userId: rowId, amountMinor, currency, expiresAt: instant }),
    { historyOnly: "the checkout captures or releases it; the daily credit job expires it" },
  ),
  creditHoldSettled: declare(
    "credit/hold_settled",
    z.object({
      holdId: rowId,
      userId: rowId,
      to: z.enum(["captured", "released", "expired"]),
      bookingId: rowId.nullable(),
    }),
    { historyOnly: "the hold row and its ledger entry are the record; nothing waits on it" },
  ),
  creditRefundChosen: declare(
    "credit/refund_chosen",
    z.object({ cancellationId: rowId, bookingId: rowId, userId: rowId, bonusBps: z.number().int() }),
    { historyOnly: "the choice row is read when the refund is paid out; nothing waits on it" },
  ),
  creditSettingsChanged: declare("credit/settings_changed", z.object({ refundBonusBps: z.number().int(), by: actor }), {
    historyOnly: "the founder's change, kept as its audit record; the setting is read when a choice is made",
  }),
  creditExpired: declare("credit/expired", z.object({ grantId: rowId, userId: rowId, amountMinor, currency }), {
    historyOnly: "the expire entry is the record; the traveler was reminded before",
  }),
};

type Events = typeof events;
type Entry = Events[keyof Events];
type ByName = { [K in keyof Events as Events[K]["name"]]: Events[K] };

export type EventName = Entry["name"];
/** What a writer passes for event `N` (a union of names gives the union of their payloads). */
export type EventPayload<N extends EventName> = z.input<ByName[N]["schema"]>;
/** What a consumer reads for event `N`. */
export type EventData<N extends EventName> = z.output<ByName[N]["schema"]>;

/** Names as constants, for writers that build outbox rows in SQL. */
export const eventNames = Object.fromEntries(Object.entries(events).map(([k, e]) => [k, e.name])) as {
  [K in keyof Events]: Events[K]["name"];
};

export const catalogue: ReadonlyMap<string, Entry> = new Map(Object.values(events).map((e) => [e.name, e]));

/** Throws when `data` is not the payload the catalogue declares for `name` (an undeclared name included). */
export function assertEventPayload(name: string, data: unknown): void {
  const entry = catalogue.get(name);
  if (!entry) throw new Error(`Event ${name} is not in the catalogue (server/events/catalogue.ts)`);
  const r = entry.schema.safeParse(data);
  if (!r.success) throw new Error(`Event ${name}: payload does not match the catalogue: ${z.prettifyError(r.error)}`);
}

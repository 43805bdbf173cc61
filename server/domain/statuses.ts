// Every status and kind the product knows, as data. The database enums (db/schema) are built
// from these lists so code and schema cannot drift apart.

export const bookingStatuses = [
  "pending",
  "confirmed",
  "ticketed",
  "modified",
  "partially_cancelled",
  "cancelled",
  "completed",
  "no_show",
  "disputed",
  "refunded",
] as const;
export type BookingStatus = (typeof bookingStatuses)[number];
/** Booked and not over: what sync, reminders and cancellations act on. */
export const liveBookingStatuses: readonly BookingStatus[] = [
  "confirmed",
  "ticketed",
  "modified",
  "partially_cancelled",
];

export const itemStatuses = [
  "pending",
  "confirmed",
  "ticketed",
  "modified",
  "schedule_changed",
  "cancelled",
  "provider_cancelled",
  "completed",
  "no_show",
] as const;
export type ItemStatus = (typeof itemStatuses)[number];
/** Confirmed with the provider, no change waiting for the traveler: what a change may apply to. */
export const liveItemStatuses: readonly ItemStatus[] = ["confirmed", "ticketed", "modified"];
/** Held by the traveler: live, or changed by the provider and waiting for an answer. */
export const heldItemStatuses: readonly ItemStatus[] = [...liveItemStatuses, "schedule_changed"];
/** Not final yet (pending included): what a cancellation may still cancel. */
export const openItemStatuses: readonly ItemStatus[] = ["pending", ...heldItemStatuses];

export const itemCategories = ["flight", "hotel", "car", "experience"] as const;
export type ItemCategory = (typeof itemCategories)[number];

export const bookingTypes = ["single", "package"] as const;
export type BookingType = (typeof bookingTypes)[number];

/** Who caused a change: the kinds of server/domain/actor.ts, stored in `changed_by` / `cancelled_by`. */
export { actorKinds as actors } from "./actor";

export const syncStatuses = ["synced", "pending", "error"] as const;
export type SyncStatus = (typeof syncStatuses)[number];

export const modificationTypes = [
  "name_change",
  "date_change",
  "time_change",
  "add_traveler",
  "remove_traveler",
  "upgrade",
  "downgrade",
  "special_request",
  "contact_update",
] as const;
export const modificationStatuses = [
  "pending",
  "submitted",
  "awaiting_payment",
  "confirmed",
  "rejected",
  "failed",
  "cancelled",
] as const;

export const cancellationStatuses = [
  "pending",
  "calculating",
  "awaiting_confirmation",
  "processing",
  "completed",
  "partial",
  "rejected",
  "failed",
  "expired",
] as const;
export type CancellationStatus = (typeof cancellationStatuses)[number];
/** At most one per booking, a partial unique index enforces it (docs/architecture.md, "Cancellation requests"). */
export const openCancellationStatuses = [
  "pending",
  "calculating",
  "awaiting_confirmation",
  "processing",
  "partial",
] as const satisfies readonly CancellationStatus[];
/** Open and past the traveler's confirmation (or not quoted yet): a new quote cannot replace it. */
export const busyCancellationStatuses: readonly CancellationStatus[] = openCancellationStatuses.filter(
  (s) => s !== "awaiting_confirmation",
);

/** `held`: owed, but its payment is under an open dispute; it reserves its amount until the dispute ends. */
export const refundStatuses = ["pending", "processing", "succeeded", "failed", "cancelled", "held"] as const;
export type RefundStatus = (typeof refundStatuses)[number];
/** On their way: not paid yet and not failed. */
export const pendingRefundStatuses: readonly RefundStatus[] = ["pending", "processing"];
/** Owed and not paid yet (the legal deadline still runs). */
export const unpaidRefundStatuses: readonly RefundStatus[] = [...pendingRefundStatuses, "failed", "held"];
/** Refunds no one needs to act on any more (the history of /ops/refunds): not owed, not failed. */
export const settledRefundStatuses = refundStatuses.filter((s) => !unpaidRefundStatuses.includes(s));
/** What support may send again now. */
export const retryableRefundStatuses: readonly RefundStatus[] = ["pending", "failed"];

export const paymentKinds = ["charge", "fee_charge"] as const;
export const paymentStatuses = ["requires_action", "processing", "succeeded", "failed", "canceled"] as const;
/**
 * How a tender was paid. `credit` is this product's travel credit (refunded back as credit, never as
 * cash); `promo` is the checkout's promo value (recorded, never returned).
 */
export const paymentMethods = ["card", "bank_transfer", "wallet", "credit", "promo"] as const;
/** A card's funding as the checkout reports it (docs/architecture.md, "Money (second wave)"). */
export const cardFundings = ["credit", "debit", "prepaid", "unknown"] as const;
export type CardFunding = (typeof cardFundings)[number];

/** Stripe's dispute statuses, verbatim. */
export const disputeStatuses = [
  "warning_needs_response",
  "warning_under_review",
  "warning_closed",
  "needs_response",
  "under_review",
  "won",
  "lost",
] as const;
export type DisputeStatus = (typeof disputeStatuses)[number];
export const closedDisputeStatuses: readonly DisputeStatus[] = ["warning_closed", "won", "lost"];
export const openDisputeStatuses: readonly DisputeStatus[] = [
  "warning_needs_response",
  "warning_under_review",
  "needs_response",
  "under_review",
];
/** Statuses in which evidence may still be submitted. */
export const awaitingEvidenceStatuses: readonly DisputeStatus[] = ["needs_response", "warning_needs_response"];

export const commTypes = [
  "confirmation_email",
  "confirmation_sms",
  "reminder_email",
  "schedule_change_alert",
  "cancellation_notice",
  "refund_confirmation",
  "modification_confirmation",
  "document_delivery",
  "trip_reminder",
  "review_request",
  "support_update", // an escalation rule's customer auto-response (server/services/escalation)
  "refund_returned", // a refund we reported sent came back (the card network returned it): what happens next
  "credit_expiry_reminder", // travel credit expires in 30 or 7 days (server/services/credits/expiry-reminders.ts)
] as const;
export const commChannels = ["email", "sms", "push"] as const;
export const commStatuses = [
  "pending",
  "sent",
  "delivered",
  "opened",
  "clicked",
  "bounced",
  "complained",
  "failed",
  "cancelled", // never sent: its reason went away (a reminder for a booking cancelled meanwhile)
] as const;
export type CommStatus = (typeof commStatuses)[number];
/** Still to send: new, or failed and retried (bounces and complaints are never retried). */
export const sendableCommStatuses: readonly CommStatus[] = ["pending", "failed"];
/** Did not reach the traveler. */
export const undeliveredCommStatuses: readonly CommStatus[] = ["bounced", "complained", "failed"];

export const documentKinds = ["e_ticket", "voucher", "itinerary", "receipt"] as const;

export const severities = ["low", "medium", "high", "critical"] as const;
export type Severity = (typeof severities)[number];
export const alertStatuses = ["open", "acknowledged", "resolved"] as const;
export type AlertStatus = (typeof alertStatuses)[number];
export const unresolvedAlertStatuses: readonly AlertStatus[] = ["open", "acknowledged"];

export const automationTriggers = ["provider_webhook", "status_change", "scheduled", "user_action"] as const;
export const automationRunStatuses = ["started", "completed", "failed"] as const;

export const userRoles = ["traveler", "ops"] as const;
export type UserRole = (typeof userRoles)[number];

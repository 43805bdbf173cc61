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

export const itemCategories = ["flight", "hotel", "car", "experience"] as const;
export type ItemCategory = (typeof itemCategories)[number];

export const bookingTypes = ["single", "package"] as const;
export type BookingType = (typeof bookingTypes)[number];

/** Who caused a change: the spec's `changed_by` / `cancelled_by` values. */
export const actors = ["user", "provider", "system", "support", "webhook"] as const;
export type Actor = (typeof actors)[number];

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
/** DESIGN.md: at most one of these per booking (a partial unique index enforces it). */
export const openCancellationStatuses = [
  "pending",
  "calculating",
  "awaiting_confirmation",
  "processing",
  "partial",
] as const satisfies readonly CancellationStatus[];

export const refundStatuses = ["pending", "processing", "succeeded", "failed", "cancelled"] as const;
export type RefundStatus = (typeof refundStatuses)[number];

export const paymentKinds = ["charge", "fee_charge"] as const;
export const paymentStatuses = ["requires_action", "processing", "succeeded", "failed", "canceled"] as const;
export const paymentMethods = ["card", "bank_transfer", "wallet"] as const;

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

export const documentKinds = ["e_ticket", "voucher", "itinerary", "receipt"] as const;

export const severities = ["low", "medium", "high", "critical"] as const;
export type Severity = (typeof severities)[number];
export const alertStatuses = ["open", "acknowledged", "resolved"] as const;

export const automationTriggers = ["provider_webhook", "status_change", "scheduled", "user_action"] as const;
export const automationRunStatuses = ["started", "completed", "failed"] as const;

export const userRoles = ["traveler", "ops"] as const;
export type UserRole = (typeof userRoles)[number];

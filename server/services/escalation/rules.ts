import type { Severity } from "@/server/domain/statuses";

// The spec's ESCALATION_RULES, as data (spec "Smart Escalation"; docs/architecture.md, "Mass cancellation").
export type EscalationChannel = "slack" | "email" | "sms";
export type EscalationRule = {
  id: "dispute_created" | "booking_rollback_failed" | "refund_failed" | "provider_sync_failed" | "mass_cancellation";
  /** The event (or alert) that triggers it. */
  condition: string;
  severity: Severity;
  /** A human responds within this: the follow-up's due time. */
  responseMs: number;
  channels: EscalationChannel[];
  /** Queued to the traveler when the escalation is about one booking. */
  autoResponse?: string;
};

const HOUR = 3_600_000;

export const escalationRules = {
  dispute_created: {
    id: "dispute_created",
    condition: "dispute/created",
    severity: "critical",
    responseMs: 4 * HOUR,
    channels: ["slack", "email", "sms"],
    autoResponse: "Dispute received. Gathering evidence automatically.",
  },
  booking_rollback_failed: {
    id: "booking_rollback_failed",
    condition: "rollback/failed",
    severity: "critical",
    responseMs: 1 * HOUR,
    channels: ["slack", "email", "sms"],
  },
  refund_failed: {
    id: "refund_failed",
    condition: "refund/failed",
    severity: "high",
    responseMs: 24 * HOUR,
    channels: ["slack", "email"],
  },
  provider_sync_failed: {
    id: "provider_sync_failed",
    condition: "alert/raised source=sync_failed",
    severity: "medium",
    responseMs: 24 * HOUR,
    channels: ["slack"],
  },
  mass_cancellation: {
    id: "mass_cancellation",
    condition: "provider cancellations > 10 in 60 min",
    severity: "critical",
    responseMs: 1 * HOUR,
    channels: ["slack", "email", "sms"],
    autoResponse: "Investigating potential provider issue.",
  },
} as const satisfies Record<EscalationRule["id"], EscalationRule>;

/**
 * docs/architecture.md, "Mass cancellation": more than this many cancellations by one provider in
 * the trailing window fires once per window.
 */
export const MASS_CANCELLATION_THRESHOLD = 10;
export const MASS_CANCELLATION_WINDOW_MS = 60 * 60_000;

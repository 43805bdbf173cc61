// The dispute machine: how a dispute's status may move, so a redelivered or out-of-order Stripe
// event never moves a dispute backwards (a `closed` that arrives before an `updated` wins; the
// `updated` is stale). Statuses are Stripe's, verbatim (statuses.ts).
import { closedDisputeStatuses, type DisputeStatus } from "./statuses";

// An inquiry (warning_*) may turn into a chargeback (needs_response); a chargeback never turns back
// into an inquiry. Closed statuses are final.
const rank: Record<DisputeStatus, number> = {
  warning_needs_response: 0,
  warning_under_review: 1,
  needs_response: 2,
  under_review: 3,
  warning_closed: 4,
  won: 4,
  lost: 4,
};

export function isDisputeStatus(s: string): s is DisputeStatus {
  return s in rank;
}
export const isClosed = (s: DisputeStatus) => closedDisputeStatuses.includes(s);

export type DisputeMove =
  | { kind: "advance"; closes: boolean }
  /** Same status again: a redelivery (details such as the due date may still be refreshed). */
  | { kind: "duplicate" }
  /** Older than what we hold: ignored. */
  | { kind: "stale" };

/** What an event's status means for a dispute we hold in `current` (null: first time seen). */
export function decideDisputeMove(current: DisputeStatus | null, next: DisputeStatus): DisputeMove {
  if (current === null) return { kind: "advance", closes: isClosed(next) };
  if (current === next) return { kind: "duplicate" };
  if (isClosed(current) || rank[next] <= rank[current]) return { kind: "stale" };
  return { kind: "advance", closes: isClosed(next) };
}

/** The outcome column: won | lost | pending (warning_closed: the inquiry ended without a chargeback, counted as won). */
export function outcomeOf(s: DisputeStatus): "won" | "lost" | "pending" {
  if (s === "lost") return "lost";
  if (s === "won" || s === "warning_closed") return "won";
  return "pending";
}

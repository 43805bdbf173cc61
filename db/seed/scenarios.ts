// The stories demo bookings tell, and which one a booking gets (db/seed/booking.ts plays them).
import type { ItemCategory } from "@/server/domain/statuses";
import { DAY, HOUR } from "./items";
import type { Rng } from "./random";

export type Scenario =
  | "pending"
  | "active"
  | "modified"
  | "schedule_change"
  | "schedule_accepted"
  | "sync_error"
  | "cancel_quote"
  | "partial"
  | "provider_failure"
  | "cancelled"
  | "free_cancel"
  | "provider_cancelled"
  | "refund_failed"
  | "completed"
  | "completed_partial"
  | "no_show"
  | "awaiting_completion"
  | "dispute_open"
  | "dispute_won"
  | "dispute_lost";

export type Showcase = {
  scenario: Scenario;
  when: "upcoming" | "past";
  categories?: ItemCategory[];
  currency?: string;
};
/** Fixed stories at fixed indices: the demo always has one of each thing the founder must act on. */
export const showcase: Record<number, Showcase> = {
  0: { scenario: "active", when: "upcoming", categories: ["flight", "hotel"], currency: "EUR" },
  1: { scenario: "active", when: "upcoming", categories: ["hotel"], currency: "JPY" },
  // A car is always refundable before its first tier, so the failed refund is never of 0 (a flight alone may be non-refundable).
  2: { scenario: "refund_failed", when: "upcoming", categories: ["flight", "car"], currency: "USD" },
  3: { scenario: "completed", when: "past", categories: ["hotel", "experience"], currency: "EUR" },
  4: { scenario: "dispute_open", when: "past", categories: ["flight", "hotel"], currency: "USD" },
  5: { scenario: "sync_error", when: "upcoming", categories: ["flight", "hotel", "car"], currency: "GBP" },
  6: { scenario: "schedule_change", when: "upcoming", categories: ["flight"], currency: "KWD" },
  7: { scenario: "cancel_quote", when: "upcoming", categories: ["hotel"], currency: "USD" },
  8: { scenario: "provider_failure", when: "upcoming", categories: ["flight", "hotel", "experience"], currency: "USD" },
  9: { scenario: "pending", when: "upcoming", categories: ["car"], currency: "EUR" },
  10: { scenario: "provider_cancelled", when: "upcoming", categories: ["experience"], currency: "USD" },
  11: { scenario: "modified", when: "upcoming", categories: ["hotel"], currency: "GBP" },
  12: { scenario: "no_show", when: "past", categories: ["flight"], currency: "JPY" },
};
/** Every booking and item status appears in any demo of at least this many bookings. */
export const showcaseSize = Object.keys(showcase).length;

export function pickScenario(
  r: Rng,
  phase: "past" | "ended" | "ongoing" | "upcoming",
  fresh: boolean,
  package_: boolean,
  flight: boolean,
): Scenario {
  if (phase === "ended") return "awaiting_completion";
  if (phase === "ongoing") return "active";
  if (phase === "past") {
    return r.weighted<Scenario>([
      ["completed", 76],
      ["completed_partial", package_ ? 4 : 0],
      ["no_show", 3],
      ["cancelled", 6],
      ["free_cancel", 4],
      ["provider_cancelled", 1],
      ["dispute_open", 1.5],
      ["dispute_won", 1.5],
      ["dispute_lost", 0.7],
      ["refund_failed", 0.2],
      ["schedule_accepted", flight ? 3 : 0],
    ]);
  }
  if (fresh && r.chance(0.4)) return "pending";
  return r.weighted<Scenario>([
    ["active", 56],
    ["modified", 6],
    ["schedule_change", flight ? 4 : 0],
    ["schedule_accepted", flight ? 4 : 0],
    ["sync_error", 2],
    ["cancel_quote", 2],
    ["partial", package_ ? 4 : 0],
    ["provider_failure", package_ ? 0.5 : 0],
    ["cancelled", 8],
    ["free_cancel", 4],
    ["provider_cancelled", 1.5],
    ["refund_failed", 0.6],
    ["dispute_open", 0.8],
  ]);
}

/** Whether the story has room between confirmation and now (a booking made minutes ago cannot have been cancelled yet). */
export function fits(s: Scenario, ready: number, lastMoment: number, now: number, phase: string): boolean {
  if (s === "pending" || s === "active" || s === "awaiting_completion" || s === "sync_error") return true;
  if (s === "refund_failed") return ready < now - 3 * DAY && lastMoment - ready > 2 * HOUR;
  if (s === "provider_failure") return ready < now - 21 * HOUR && lastMoment > now - 3 * HOUR;
  if (phase === "past" && (s === "completed" || s === "no_show" || s.startsWith("dispute"))) return true;
  return lastMoment - ready >= 2 * HOUR;
}

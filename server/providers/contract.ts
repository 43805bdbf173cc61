// What every provider integration answers (a Duffel-like flight API, a hotel channel manager, …).
// Services and jobs speak only this; the sandbox network and real adapters implement it.
import type { ItemStatus } from "@/server/domain/statuses";

export type ProviderBooking = {
  providerBookingId: string;
  /** Normalised to our item vocabulary; the provider's own word stays in `rawStatus`. */
  status: ItemStatus;
  rawStatus: string;
  details: Record<string, unknown>;
  priceMinor: number;
  currency: string;
  /** Increases with every change at the provider: newer news has a higher sequence. */
  sequence: number;
  updatedAt: Date;
};

export type CancelResult = { providerBookingId: string; reference: string; cancelledAt: Date; alreadyCancelled: boolean };
export type ModificationQuote = { allowed: boolean; feeMinor: number; currency: string; reason?: string };
export type DateQuote = { available: boolean; priceMinor: number; currency: string };

export interface ProviderAdapter {
  readonly code: string;
  /** Calls per second the provider allows; callers share one limiter per adapter (DESIGN.md). */
  readonly rateLimitPerSecond: number;
  getBooking(providerBookingId: string): Promise<ProviderBooking>;
  /** Idempotent per key: a retried cancellation returns the first result, never a second cancellation. */
  cancel(providerBookingId: string, opts: { idempotencyKey: string; reason?: string }): Promise<CancelResult>;
  modificationQuote(providerBookingId: string, change: "name_change" | "date_change"): Promise<ModificationQuote>;
  quoteNewDates(providerBookingId: string, dates: { startAt: Date; endAt: Date }): Promise<DateQuote>;
}

export type ProviderErrorKind = "unreachable" | "timeout" | "error" | "rejected" | "not_found" | "rate_limited";

/** A provider call that failed; `retryable` tells jobs whether backing off and trying again can help. */
export class ProviderError extends Error {
  constructor(readonly provider: string, readonly kind: ProviderErrorKind, message: string) {
    super(message);
    this.name = "ProviderError";
  }
  get retryable() { return this.kind === "unreachable" || this.kind === "timeout" || this.kind === "error" || this.kind === "rate_limited"; }
}

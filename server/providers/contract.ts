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

export type CancelResult = {
  providerBookingId: string;
  reference: string;
  cancelledAt: Date;
  alreadyCancelled: boolean;
  /** What the provider returns to us, in its own currency (tracked apart from the traveler's refund). */
  providerRefund?: { amountMinor: number; currency: string };
};
export type ModificationQuote = { allowed: boolean; feeMinor: number; currency: string; reason?: string };
export type DateQuote = { available: boolean; priceMinor: number; currency: string };
/** A change the traveler asked for, as the provider receives it (server/services/modifications). */
export type ModificationChange =
  | {
      kind: "name_change";
      travelerIndex: number;
      from: { firstName: string; lastName: string };
      to: { firstName: string; lastName: string };
    }
  | { kind: "date_change"; startAt: Date; endAt: Date; details: Record<string, unknown>; priceMinor: number }
  | { kind: "special_request"; text: string };
/** The provider's answer: a refusal is an answer (`rejected` + reason), not an error. */
export type ModificationOutcome = {
  status: "confirmed" | "rejected";
  reference: string;
  reason?: string;
  sequence: number;
};

/**
 * What an adapter can do today, so available actions offer only what the provider will carry out
 * (docs/architecture.md, "Providers"). A method an adapter cannot serve answers with a refusal or
 * an error; these flags say so before anyone asks.
 */
export type ProviderCapabilities = {
  /** `getBooking`: read a booking's status and details (sync, and confirming at intake). */
  readBooking: boolean;
  /** Signed webhooks for changes on the provider's side (schedule changes, cancellations, …). */
  webhooks: boolean;
  /** `cancel` of a whole item. */
  cancel: boolean;
  /** Cancelling part of an item (some travelers or nights); no adapter can today. */
  partialCancel: boolean;
  /** A cancellation returns what the provider owes us (`CancelResult.providerRefund`). */
  refundsOnCancel: boolean;
  /** Name changes: none, corrections of a name only (airlines: tickets are not transferable), or any. */
  nameChange: "none" | "correction" | "any";
  /** New dates for an item (`quoteNewDates`, then `submitModification`). */
  dateChange: boolean;
  /** Free-text requests passed to the provider (`special_request`). */
  specialRequest: boolean;
  /** Adding or removing a traveler on an existing item. */
  travelerChange: boolean;
  /** `searchAlternatives` and `addItem`: rebooking (the disruptions issue adds them). */
  alternatives: boolean;
  /** `fileClaim`: compensation claims filed with the provider (the passenger-rights issue adds it). */
  claims: boolean;
};

export interface ProviderAdapter {
  readonly code: string;
  /**
   * Calls per second the provider allows; callers share one limiter per adapter
   * (docs/architecture.md, "Providers").
   */
  readonly rateLimitPerSecond: number;
  /** What this provider supports; no call to the provider, no I/O. */
  capabilities(): ProviderCapabilities;
  getBooking(providerBookingId: string): Promise<ProviderBooking>;
  /** Idempotent per key: a retried cancellation returns the first result, never a second cancellation. */
  cancel(providerBookingId: string, opts: { idempotencyKey: string; reason?: string }): Promise<CancelResult>;
  modificationQuote(providerBookingId: string, change: "name_change" | "date_change"): Promise<ModificationQuote>;
  quoteNewDates(providerBookingId: string, dates: { startAt: Date; endAt: Date }): Promise<DateQuote>;
  /** Idempotent per key: the same change asked again gives the same answer and changes nothing twice. */
  submitModification(
    providerBookingId: string,
    change: ModificationChange,
    opts: { idempotencyKey: string },
  ): Promise<ModificationOutcome>;
}

export type ProviderErrorKind = "unreachable" | "timeout" | "error" | "rejected" | "not_found" | "rate_limited";

/** A provider call that failed; `retryable` tells jobs whether backing off and trying again can help. */
export class ProviderError extends Error {
  constructor(
    readonly provider: string,
    readonly kind: ProviderErrorKind,
    message: string,
  ) {
    super(message);
    this.name = "ProviderError";
  }
  get retryable() {
    return (
      this.kind === "unreachable" || this.kind === "timeout" || this.kind === "error" || this.kind === "rate_limited"
    );
  }
}

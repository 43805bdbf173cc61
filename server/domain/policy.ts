// Cancellation policies as stored on each booking item (booking_items.cancellation_policy).
// Tier deadlines are local wall-clock times in the policy's IANA zone: a hotel's "free until
// 18:00 the day before" means 18:00 at the hotel. The money issue evaluates them.

export type Penalty =
  | { kind: "percentage"; bps: number } // basis points of the item's paid share
  | { kind: "fixed"; minor: number }
  | { kind: "nights"; nights: number }
  | { kind: "full" };

export type PolicyTier = {
  /** Local date-time without offset, e.g. "2026-12-01T18:00", read in `zone`. */
  fromLocal: string;
  penalty: Penalty;
  description: string;
};

export type CancellationPolicy = {
  refundable: boolean;
  zone: string; // IANA zone the deadlines are written in
  /** Tiers in time order; the latest one whose `fromLocal` has passed applies. Before the first: free. */
  tiers: PolicyTier[];
  processingFeeMinor: number; // per-policy setting, 0 by default (docs/architecture.md, "Money")
};

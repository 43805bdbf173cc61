// Refund quote for cancelling some or all items of a booking (docs/architecture.md, "Money"). Pure: no I/O.
//
// Rules, per item, all in integer minor units of the charge currency:
// - the policy tier in force at `now` is the latest whose local `fromLocal` (read in the policy's
//   IANA zone, Temporal-"compatible" on DST days) is at or before `now`; before the first: free;
// - the cancellation fee is computed exactly and rounded once, half-up: percentage = paid × bps ÷
//   10,000; nights = paid × nightsCharged ÷ nights; fixed = the amount, capped at paid; full = paid;
// - a non-refundable item's fee is everything paid; the policy's processing fee comes on top of
//   the cancellation fee, capped at what is left;
// - refund = paid − fee − already returned on the item (an earlier partial, manual or chargeback
//   return), never below 0 (issue 23: the fee is not waived by a cap elsewhere), so
//   0 ≤ refund ≤ paid and fee + refund + returned = paid while returned ≤ paid − fee;
// - the quote's total is at most what the booking's tenders can still return (`refundableMinor`:
//   promo value never, credit back as credit); the excess is cut over the lines by largest remainder;
// - `waiveFees` (provider or system cancellations, rejected schedule changes) refunds all paid.
// Each item is quoted from its own share of the charge (a package's price was allocated to its
// items by largest remainder when booked), never re-converted at today's rate.

import { instantOf } from "./zones";
import { DomainError } from "./errors";
import { allocate, exponentOf, mulDivHalfUp } from "./money";
import type { CancellationPolicy, Penalty } from "./policy";

export type QuoteItemInput = {
  itemId: string;
  /** What the traveler paid for this item, in the booking's (charge) currency. */
  chargeShareMinor: number;
  /** null: the item carries no policy, so nothing restricts its cancellation (full refund). */
  policy: CancellationPolicy | null;
  /** Nights of the stay or rental; required when a tier's penalty is `nights`. */
  nights?: number;
  /** Already returned on this item (earlier refunds, its share of a manual refund or chargeback). */
  returnedMinor?: number;
};

export type QuoteOptions = {
  /** Provider/system cancellations and rejected schedule changes: the full amount goes back. */
  waiveFees?: boolean;
  /** Said on each line when fees are waived, e.g. "Cancelled by the provider". */
  waiveReason?: string;
  /** What the booking's payments can still return (promo never): the quote's total never exceeds it. */
  refundableMinor?: number;
};

export type RefundQuoteLine = {
  itemId: string;
  paidMinor: number;
  /** Cancellation fee + processing fee: what is kept. feeMinor + refundMinor + returnedMinor = paidMinor (at most). */
  feeMinor: number;
  /** Already returned on the item before this quote, netted from its refund. */
  returnedMinor: number;
  /** Cut from the refund because the payments cannot return it (promo value, money gone back another way). */
  heldBackMinor?: number;
  cancellationFeeMinor: number;
  processingFeeMinor: number;
  refundMinor: number;
  /** Human description of the rule that applied (the tier's own text, or why nothing was charged). */
  policy: string;
  penalty: Penalty | null;
  /** The instant the applied tier started (ISO, UTC); null when no tier applied. */
  tierFrom: string | null;
  /** The instant the next, costlier tier starts (ISO, UTC): the quote changes then. */
  nextTierAt: string | null;
  /** Why the item is refunded in full regardless of its policy. */
  waived: boolean;
};

/** Compatible with db/schema/changes.ts `RefundQuote` (a superset): stored as the cancellation's quote. */
export type RefundQuote = {
  currency: string;
  /** The instant the quote was computed for (ISO). */
  quotedAt: string;
  totalEligibleMinor: number;
  cancellationFeeMinor: number;
  processingFeeMinor: number;
  refundMinor: number;
  /** Earliest `nextTierAt` over the items: the quote stays valid at most until then. */
  changesAt: string | null;
  /** Already returned on these items, netted from the refund. */
  returnedMinor?: number;
  /** Cut because the payments cannot return it (promo value, money gone back another way). */
  heldBackMinor?: number;
  items: RefundQuoteLine[];
};

const invalid = (message: string, field: string) => new DomainError("invalid", message, { field });

function checkMinor(n: number, field: string): void {
  if (!Number.isSafeInteger(n) || n < 0)
    throw invalid(`${field} must be a non-negative integer of minor units, got ${n}`, field);
}

/** The cancellation fee a penalty asks for, before capping at what was paid. */
function penaltyFee(paid: number, penalty: Penalty, item: QuoteItemInput): number {
  switch (penalty.kind) {
    case "percentage":
      if (!Number.isInteger(penalty.bps) || penalty.bps < 0 || penalty.bps > 10_000) {
        throw invalid(
          `Percentage penalty of item ${item.itemId} must be 0–10,000 bps, got ${penalty.bps}`,
          "policy.tiers.penalty.bps",
        );
      }
      return mulDivHalfUp(paid, penalty.bps, 10_000);
    case "fixed":
      checkMinor(penalty.minor, "policy.tiers.penalty.minor");
      return penalty.minor;
    case "nights": {
      const nights = item.nights;
      if (nights === undefined || !Number.isInteger(nights) || nights <= 0) {
        throw invalid(`Item ${item.itemId} has a nights penalty but no positive number of nights`, "nights");
      }
      if (!Number.isInteger(penalty.nights) || penalty.nights < 0) {
        throw invalid(
          `Nights penalty of item ${item.itemId} must be a non-negative integer`,
          "policy.tiers.penalty.nights",
        );
      }
      return mulDivHalfUp(paid, Math.min(penalty.nights, nights), nights);
    }
    case "full":
      return paid;
  }
}

type TierAt = { from: Date; penalty: Penalty; description: string };

function tiersAsInstants(policy: CancellationPolicy, itemId: string): TierAt[] {
  return policy.tiers
    .map((t) => {
      let from: Date;
      try {
        from = instantOf({ local: t.fromLocal, zone: policy.zone });
      } catch (e) {
        throw invalid(`Policy of item ${itemId}: ${(e as Error).message}`, "policy.tiers.fromLocal");
      }
      return { from, penalty: t.penalty, description: t.description };
    })
    .sort((a, b) => a.from.getTime() - b.from.getTime()); // stable: equal instants keep their order
}

/** One item's line. Exported for callers that quote a single item (a provider refund, a modification). */
export function quoteItem(item: QuoteItemInput, now: Date, options: QuoteOptions = {}): RefundQuoteLine {
  const paid = item.chargeShareMinor;
  checkMinor(paid, "chargeShareMinor");
  const returned = item.returnedMinor ?? 0;
  checkMinor(returned, "returnedMinor");
  const base = {
    itemId: item.itemId,
    paidMinor: paid,
    returnedMinor: returned,
    penalty: null,
    tierFrom: null,
    nextTierAt: null,
    waived: false,
  };
  const line = (
    cancellationFee: number,
    processingFee: number,
    policy: string,
    extra: Partial<RefundQuoteLine> = {},
  ): RefundQuoteLine => {
    const cancellationFeeMinor = Math.min(paid, cancellationFee);
    const processingFeeMinor = Math.min(paid - cancellationFeeMinor, processingFee);
    const feeMinor = cancellationFeeMinor + processingFeeMinor;
    return {
      ...base,
      ...extra,
      cancellationFeeMinor,
      processingFeeMinor,
      feeMinor,
      refundMinor: Math.max(0, paid - feeMinor - returned),
      policy,
    };
  };

  if (options.waiveFees) return line(0, 0, options.waiveReason ?? "Fees waived: full refund", { waived: true });
  const policy = item.policy;
  if (!policy) return line(0, 0, "No cancellation policy: full refund");
  checkMinor(policy.processingFeeMinor ?? 0, "policy.processingFeeMinor");
  const processing = policy.processingFeeMinor ?? 0;
  if (!policy.refundable) return line(paid, 0, "Non-refundable", { penalty: { kind: "full" } });

  const tiers = tiersAsInstants(policy, item.itemId);
  const t = now.getTime();
  let applied: TierAt | null = null,
    next: TierAt | null = null;
  for (const tier of tiers) {
    if (tier.from.getTime() <= t)
      applied = tier; // the latest started tier wins
    else {
      next = tier;
      break;
    }
  }
  const nextTierAt = next ? next.from.toISOString() : null;
  if (!applied) return line(0, processing, "Free cancellation", { nextTierAt });
  return line(penaltyFee(paid, applied.penalty, item), processing, applied.description, {
    penalty: applied.penalty,
    tierFrom: applied.from.toISOString(),
    nextTierAt,
  });
}

function sum(values: number[], field: string): number {
  const total = values.reduce((a, b) => a + b, 0);
  if (!Number.isSafeInteger(total)) throw invalid(`${field} exceeds a safe integer`, field);
  return total;
}

/** The itemised refund quote for cancelling `items` of a booking charged in `currency` at `now`. */
export function quoteRefund(
  currency: string,
  items: readonly QuoteItemInput[],
  now: Date,
  options: QuoteOptions = {},
): RefundQuote {
  try {
    exponentOf(currency);
  } catch {
    throw invalid(`Unknown currency ${currency}`, "currency");
  }
  if (items.length === 0) throw invalid("Choose at least one item to cancel", "items");
  const seen = new Set<string>();
  for (const i of items) {
    if (seen.has(i.itemId)) throw invalid(`Item ${i.itemId} is listed twice`, "items");
    seen.add(i.itemId);
  }
  const lines = capToRefundable(
    items.map((i) => quoteItem(i, now, options)),
    options.refundableMinor,
  );
  const changes = lines
    .map((l) => l.nextTierAt)
    .filter((x): x is string => x !== null)
    .sort();
  return {
    currency,
    quotedAt: now.toISOString(),
    totalEligibleMinor: sum(
      lines.map((l) => l.paidMinor),
      "totalEligibleMinor",
    ),
    cancellationFeeMinor: sum(
      lines.map((l) => l.cancellationFeeMinor),
      "cancellationFeeMinor",
    ),
    processingFeeMinor: sum(
      lines.map((l) => l.processingFeeMinor),
      "processingFeeMinor",
    ),
    refundMinor: sum(
      lines.map((l) => l.refundMinor),
      "refundMinor",
    ),
    changesAt: changes[0] ?? null,
    returnedMinor: sum(
      lines.map((l) => l.returnedMinor),
      "returnedMinor",
    ),
    heldBackMinor: lines.reduce((s, l) => s + (l.heldBackMinor ?? 0), 0),
    items: lines,
  };
}

/** Cuts the lines' refunds to what the payments can still return, the cut spread by largest remainder. */
function capToRefundable(lines: RefundQuoteLine[], refundable: number | undefined): RefundQuoteLine[] {
  if (refundable === undefined) return lines;
  checkMinor(refundable, "refundableMinor");
  const total = lines.reduce((s, l) => s + l.refundMinor, 0);
  if (total <= refundable) return lines;
  const cuts = allocate(
    total - refundable,
    lines.map((l) => l.refundMinor),
  );
  return lines.map((l, i) => ({ ...l, refundMinor: l.refundMinor - cuts[i], heldBackMinor: cuts[i] }));
}

// How the tenders of a booking are paid back (docs/architecture.md, "Money (second wave)"): card
// (and the other gateway methods) first, up to what each paid; then travel credit, back as credit;
// promo value never. One rule for every writer of refund rows.
import type { PaymentMethod } from "./refund-deadlines";

/** Paid back through the payment gateway (the traveler's own money). */
export const isGatewayTender = (method: PaymentMethod): boolean => method !== "credit" && method !== "promo";

/** Order in which a refund draws on a booking's tenders; null = never returned. */
export function refundRank(method: PaymentMethod): number | null {
  if (method === "promo") return null;
  return method === "credit" ? 1 : 0;
}

/**
 * Splits `amountMinor` over tenders with `roomMinor` left on each (paid − already returned or
 * reserved), in refund order; what no tender can take is `unplacedMinor` (the caller refuses it).
 */
export function splitRefund<T extends { method: PaymentMethod; roomMinor: number }>(
  amountMinor: number,
  tenders: readonly T[],
): { legs: { tender: T; amountMinor: number }[]; unplacedMinor: number } {
  const ordered = tenders
    .filter((t) => refundRank(t.method) !== null && t.roomMinor > 0)
    .sort((a, b) => refundRank(a.method)! - refundRank(b.method)!);
  const legs: { tender: T; amountMinor: number }[] = [];
  let left = amountMinor;
  for (const tender of ordered) {
    if (left <= 0) break;
    const take = Math.min(left, tender.roomMinor);
    legs.push({ tender, amountMinor: take });
    left -= take;
  }
  return { legs, unplacedMinor: left };
}

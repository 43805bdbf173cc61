import { mulDivHalfUp } from "@/server/domain/money";

// Travel credit (docs/architecture.md, "Money (second wave)"): a ledger per account and currency.
// Entries are append-only; the balance row they keep (a trigger, see the credits migrations) can
// never go below 0 nor hold more than it has. Amounts are positive; the kind says which way.

/** What an entry does: grants add value, holds reserve it, captures and spends take it. */
export const creditEntryKinds = [
  "issue", // value given by ops (goodwill)
  "bonus", // the founder's bonus on a refund taken as credit
  "refund_as_credit", // a refund paid back to the ledger (a credit tender, or a card refund taken as credit)
  "hold", // reserved by a checkout: counts against the available balance
  "release", // a hold given back
  "capture", // a hold spent by the intake, drawn from one grant
  "spend", // spent without a hold (a change fee), drawn from one grant
  "expire", // what was left of a grant at its expiry
] as const;
export type CreditEntryKind = (typeof creditEntryKinds)[number];
/** Entries that create a grant (its own `expires_at`). */
export const grantKinds = ["issue", "bonus", "refund_as_credit"] as const satisfies readonly CreditEntryKind[];
/** Entries that take value out of a grant. */
export const drawKinds = ["capture", "spend", "expire"] as const satisfies readonly CreditEntryKind[];

export const creditHoldStatuses = ["held", "captured", "released", "expired"] as const;
export type CreditHoldStatus = (typeof creditHoldStatuses)[number];

/** A checkout's hold lasts this long unless captured (the checkout's payment window). */
export const HOLD_TTL_MS = 30 * 60_000;
/** Credit granted by a refund is valid for a year. */
export const CREDIT_VALIDITY_MS = 365 * 86_400_000;
/** Reminders before a grant expires, in days. */
export const EXPIRY_REMINDER_DAYS = [30, 7] as const;

export type Grant = { id: string; remainingMinor: number; expiresAt: Date };

/**
 * Draws `amountMinor` from grants, the soonest expiring first (ties by id, so two writers agree),
 * skipping grants expired at `now`. Returns the draws, or null when the grants do not hold enough.
 */
export function drawFromGrants(
  amountMinor: number,
  grants: readonly Grant[],
  now: Date,
): { grantId: string; amountMinor: number }[] | null {
  const usable = grants
    .filter((g) => g.remainingMinor > 0 && g.expiresAt > now)
    .sort((a, b) => +a.expiresAt - +b.expiresAt || a.id.localeCompare(b.id));
  const draws: { grantId: string; amountMinor: number }[] = [];
  let left = amountMinor;
  for (const g of usable) {
    if (left === 0) break;
    const take = Math.min(left, g.remainingMinor);
    draws.push({ grantId: g.id, amountMinor: take });
    left -= take;
  }
  return left === 0 ? draws : null;
}

/** The founder's bonus on a card refund taken as credit until they set one: 10%. */
export const DEFAULT_REFUND_BONUS_BPS = 1000;

/** The bonus on `amountMinor` at `bps` basis points, rounded once, half up, to the minor unit. */
export const creditBonus = (amountMinor: number, bps: number): number => mulDivHalfUp(amountMinor, bps, 10_000);

/** "12.5" (percent, up to two decimals) → 1250 basis points, without floating point; null if not a percentage 0–100. */
export function percentToBps(text: string): number | null {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  const bps = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return bps <= 10_000 ? bps : null;
}

// Money is an integer count of the currency's minor unit plus an ISO 4217 code (docs/architecture.md, "Money").
// No floats anywhere in money math: amounts are safe integers, products go through bigint.

/** ISO 4217 minor-unit exponents for the currencies the platform sells in. */
export const currencyExponents = {
  USD: 2,
  EUR: 2,
  GBP: 2,
  CHF: 2,
  CAD: 2,
  AUD: 2,
  SGD: 2,
  AED: 2,
  THB: 2,
  MXN: 2,
  INR: 2,
  JPY: 0,
  KRW: 0,
  ISK: 0,
  KWD: 3,
  BHD: 3,
  JOD: 3,
  OMR: 3,
  TND: 3,
} as const;
export type Currency = keyof typeof currencyExponents;
export const currencies = Object.keys(currencyExponents) as Currency[];

export function isCurrency(code: string): code is Currency {
  return Object.hasOwn(currencyExponents, code);
}

export function exponentOf(currency: string): number {
  if (!isCurrency(currency)) throw new RangeError(`Unknown currency ${currency}`);
  return currencyExponents[currency];
}

export type Money = { minor: number; currency: Currency };

function assertMinor(n: number, what = "amount"): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} must be a safe integer of minor units, got ${n}`);
}

/** n ÷ d rounded half-up (n, d ≥ 0), exact for any safe integers through bigint. */
export function divHalfUp(n: bigint | number, d: bigint | number): number {
  const N = BigInt(n),
    D = BigInt(d);
  if (N < 0n || D <= 0n) throw new RangeError("divHalfUp needs n ≥ 0 and d > 0");
  const q = (2n * N + D) / (2n * D);
  // A result past 2^53 would come back as an inexact number: refuse it rather than round silently.
  if (q > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`divHalfUp result ${q} is beyond a safe integer`);
  return Number(q);
}

/** amount × num ÷ den, rounded once, half-up (docs/architecture.md, "Money"). */
export function mulDivHalfUp(amount: number, num: number, den: number): number {
  assertMinor(amount);
  assertMinor(num, "numerator");
  assertMinor(den, "denominator");
  return divHalfUp(BigInt(amount) * BigInt(num), BigInt(den));
}

/**
 * Splits `total` over `weights` by largest remainder, so the parts sum to exactly `total`.
 * Ties go to the earlier weight, which keeps the split deterministic.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  assertMinor(total, "total");
  if (total < 0) throw new RangeError("allocate needs total ≥ 0");
  if (weights.length === 0) throw new RangeError("allocate needs at least one weight");
  weights.forEach((w) => {
    assertMinor(w, "weight");
    if (w < 0) throw new RangeError("weights must be ≥ 0");
  });
  const sum = weights.reduce((a, b) => a + b, 0);
  const T = BigInt(total),
    S = BigInt(sum);
  if (sum === 0) return weights.map((_, i) => (i === 0 ? total : 0));
  const floors = weights.map((w) => (T * BigInt(w)) / S);
  const rema = weights.map((w, i) => ({ i, r: (T * BigInt(w)) % S }));
  let left = T - floors.reduce((a, b) => a + b, 0n);
  rema.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of rema) {
    if (left === 0n) break;
    floors[i] += 1n;
    left -= 1n;
  }
  return floors.map(Number);
}

/** Formats minor units for people, e.g. 12345 USD → "$123.45", 5000 JPY → "¥5,000", 1250 KWD → "KWD 1.250". */
export function formatMoney(minor: number, currency: string, locale = "en-US"): string {
  const exp = exponentOf(currency);
  const neg = minor < 0;
  const abs = BigInt(Math.abs(minor));
  const unit = 10n ** BigInt(exp);
  const whole = abs / unit,
    frac = abs % unit;
  // Intl formats the integer part and symbol; the fraction is appended as digits, never via floats.
  const parts = new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    minimumFractionDigits: exp,
    maximumFractionDigits: exp,
  }).formatToParts(0);
  const out = parts
    .map((p) => {
      if (p.type === "integer") return new Intl.NumberFormat(locale).format(whole);
      // In the locale's own digits (ar-EG writes ٤٥, not 45), zero-padded to the exponent.
      if (p.type === "fraction")
        return new Intl.NumberFormat(locale, { minimumIntegerDigits: exp, useGrouping: false }).format(frac);
      return p.value;
    })
    .join("");
  return neg ? `-${out}` : out;
}

/** Parses a decimal string ("123.45") into minor units, refusing more decimals than the currency has. */
export function parseMoney(text: string, currency: string): number {
  const exp = exponentOf(currency);
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) throw new RangeError(`Not an amount: ${text}`);
  const frac = m[2] ?? "";
  if (frac.length > exp) throw new RangeError(`${currency} has ${exp} decimals, got ${frac.length}`);
  const minor = BigInt(m[1]) * 10n ** BigInt(exp) + BigInt(frac.padEnd(exp, "0") || "0");
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError("Amount too large");
  return Number(minor);
}

/**
 * The smallest amount card networks settle in a currency, in its minor units: three-decimal
 * currencies move in tens of the minor unit (Stripe refuses 5.124 KWD; it takes 5.120 or 5.130).
 */
export function settlementUnit(currency: string): number {
  return isCurrency(currency) && currencyExponents[currency] === 3 ? 10 : 1;
}

/** A charge the network can settle: rounded down to the settlement unit (in the traveler's favour). */
export function settleableCharge(amountMinor: number, currency: string): number {
  assertMinor(amountMinor);
  const unit = settlementUnit(currency);
  return Math.floor(amountMinor / unit) * unit;
}

/**
 * A refund the network can settle: rounded up to the settlement unit (in the traveler's favour,
 * by less than one unit), never above `capMinor` (what is left of the charge), rounded down to a
 * settleable amount when the cap is in the way.
 */
export function settleableRefund(amountMinor: number, currency: string, capMinor: number): number {
  assertMinor(amountMinor);
  assertMinor(capMinor, "cap");
  const unit = settlementUnit(currency);
  const up = Math.ceil(amountMinor / unit) * unit;
  return up <= capMinor ? up : Math.floor(capMinor / unit) * unit;
}

// The rates port (docs/architecture.md, "Money"): where a provider refunds in its own currency, the amount is
// converted at a recorded rate with its source. Rates are exact decimal strings, never floats.
// The local implementation reads a shipped table of reference rates (reference-rates.json, EUR
// base, ECB style): a cross rate from/to is (to per EUR) ÷ (from per EUR), written with
// RATE_DECIMALS decimals rounded half-up, and conversions use exactly that recorded string, so
// the stored rate and the stored amount always agree.
import { currencies, exponentOf, isCurrency } from "@/server/domain/money";
import table from "./reference-rates.json";

export type FxRate = { from: string; to: string; rate: string; source: string; asOf: string };

export interface RatesPort {
  rateFor(from: string, to: string, at: Date): Promise<FxRate>;
}

export const RATE_DECIMALS = 10;

type Decimal = { n: bigint; scale: number }; // value = n / 10^scale

export function parseDecimal(s: string): Decimal {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) throw new RangeError(`Not a non-negative decimal: ${s}`);
  const frac = m[2] ?? "";
  return { n: BigInt(m[1] + frac), scale: frac.length };
}

/** num ÷ den (both ≥ 0, den > 0) rounded half-up. */
const divHalfUp = (num: bigint, den: bigint) => (2n * num + den) / (2n * den);

function formatDecimal(n: bigint, scale: number): string {
  if (scale === 0) return n.toString();
  const s = n.toString().padStart(scale + 1, "0");
  return `${s.slice(0, -scale)}.${s.slice(-scale)}`.replace(/0+$/, "").replace(/\.$/, "");
}

/** a ÷ b as a decimal string with `decimals` places, rounded half-up once. */
export function divideDecimals(a: string, b: string, decimals = RATE_DECIMALS): string {
  const x = parseDecimal(a),
    y = parseDecimal(b);
  if (y.n === 0n) throw new RangeError("Division by a zero rate");
  // (x.n / 10^xs) / (y.n / 10^ys) × 10^decimals = x.n × 10^(ys + decimals) / (y.n × 10^xs)
  const q = divHalfUp(x.n * 10n ** BigInt(y.scale + decimals), y.n * 10n ** BigInt(x.scale));
  return formatDecimal(q, decimals);
}

/**
 * `amountMinor` of `from` in `to`'s minor units at `rate` (units of `to` per unit of `from`),
 * exact with bigint and rounded half-up once, respecting both currencies' exponents.
 */
export function convertMinor(amountMinor: number, from: string, to: string, rate: string): number {
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0)
    throw new RangeError(`amountMinor must be a non-negative safe integer, got ${amountMinor}`);
  const r = parseDecimal(rate);
  const ef = exponentOf(from),
    et = exponentOf(to);
  const num = BigInt(amountMinor) * r.n * 10n ** BigInt(et);
  const den = 10n ** BigInt(r.scale + ef);
  const q = divHalfUp(num, den);
  if (q > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError("Converted amount exceeds a safe integer");
  return Number(q);
}

type Table = { date: string; rates: Record<string, string> };

export function createLocalRates(data: { source: string; base: string; tables: Table[] } = table): RatesPort {
  const tables = [...data.tables].sort((a, b) => a.date.localeCompare(b.date));
  for (const t of tables)
    for (const c of currencies) {
      if (!t.rates[c]) throw new Error(`Reference rates of ${t.date} lack ${c}`);
    }
  return {
    async rateFor(from, to, at) {
      for (const [field, c] of [
        ["from", from],
        ["to", to],
      ] as const) {
        if (!isCurrency(c)) throw new RangeError(`Unknown currency ${c} (${field})`);
      }
      const day = at.toISOString().slice(0, 10);
      // The latest table published on or before `at`; before the first one, the first.
      const t = tables.filter((x) => x.date <= day).at(-1) ?? tables[0];
      const rate = from === to ? "1" : divideDecimals(t.rates[to], t.rates[from]);
      return {
        from,
        to,
        rate,
        asOf: t.date,
        source: `${data.base}-based reference table of ${t.date} (server/payments/reference-rates.json)`,
      };
    },
  };
}

/** The rates port in use: the shipped table (no live rates source is configured in this product). */
export const rates: RatesPort = createLocalRates();

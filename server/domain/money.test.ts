import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  allocate,
  currencies,
  currencyExponents,
  divHalfUp,
  exponentOf,
  formatMoney,
  isCurrency,
  mulDivHalfUp,
  parseMoney,
} from "./money";

const MAX = Number.MAX_SAFE_INTEGER;

/** Reference half-up division on bigints: q = ⌊n/d⌋, plus one when the remainder is at least half. */
function refHalfUp(n: bigint, d: bigint): bigint {
  const q = n / d,
    r = n % d;
  return 2n * r >= d ? q + 1n : q;
}

/** Minor units written as a plain decimal string with the currency's exponent ("12345", 2 → "123.45"). */
function toDecimal(minor: number, exp: number): string {
  if (minor < 0) return `-${toDecimal(-minor, exp)}`;
  if (exp === 0) return String(minor);
  const s = String(minor).padStart(exp + 1, "0");
  return `${s.slice(0, -exp)}.${s.slice(-exp)}`;
}

describe("allocate", () => {
  const weights = fc.array(fc.integer({ min: 0, max: 1_000_000_000 }), { minLength: 1, maxLength: 12 });
  const total = fc.oneof(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: MAX }));

  it("parts sum exactly to the total, are non-negative and within 1 of their exact share", () => {
    fc.assert(
      fc.property(total, weights, (t, ws) => {
        const parts = allocate(t, ws);
        expect(parts).toHaveLength(ws.length);
        expect(parts.reduce((a, b) => a + BigInt(b), 0n)).toBe(BigInt(t));
        const S = BigInt(ws.reduce((a, b) => a + b, 0));
        parts.forEach((p, i) => {
          expect(Number.isSafeInteger(p)).toBe(true);
          expect(p).toBeGreaterThanOrEqual(0);
          if (S === 0n) return;
          // |p − t·w/S| < 1  ⇔  |p·S − t·w| < S, exact in bigints.
          const diff = BigInt(p) * S - BigInt(t) * BigInt(ws[i]);
          expect(diff < S && diff > -S).toBe(true);
          // Largest remainder: each part is the floor of its share or one more.
          const floor = (BigInt(t) * BigInt(ws[i])) / S;
          expect(BigInt(p) === floor || BigInt(p) === floor + 1n).toBe(true);
        });
      }),
      { numRuns: 1000 },
    );
  });

  it("gives the extra units to the largest remainders (ties to the earlier weight)", () => {
    fc.assert(
      fc.property(total, weights, (t, ws) => {
        const S = BigInt(ws.reduce((a, b) => a + b, 0));
        fc.pre(S > 0n);
        const parts = allocate(t, ws);
        const rem = ws.map((w) => (BigInt(t) * BigInt(w)) % S);
        const bumped = parts.map((p, i) => BigInt(p) > (BigInt(t) * BigInt(ws[i])) / S);
        for (let i = 0; i < ws.length; i++)
          for (let j = 0; j < ws.length; j++) {
            if (bumped[i] && !bumped[j]) {
              // i got a unit j did not: i's remainder is larger, or equal and i comes first.
              expect(rem[i] > rem[j] || (rem[i] === rem[j] && i < j)).toBe(true);
            }
          }
      }),
      { numRuns: 500 },
    );
  });

  it("is deterministic", () => {
    fc.assert(
      fc.property(total, weights, (t, ws) => {
        expect(allocate(t, ws)).toEqual(allocate(t, [...ws]));
      }),
    );
  });

  it("gives zero weights nothing when some weight is positive", () => {
    fc.assert(
      fc.property(total, weights, (t, ws) => {
        fc.pre(ws.some((w) => w > 0));
        const parts = allocate(t, ws);
        ws.forEach((w, i) => {
          if (w === 0) expect(parts[i]).toBe(0);
        });
      }),
    );
  });

  it("with all weights zero, puts the whole total on the first part", () => {
    fc.assert(
      fc.property(total, fc.integer({ min: 1, max: 10 }), (t, n) => {
        const parts = allocate(t, Array(n).fill(0));
        expect(parts).toEqual([t, ...Array(n - 1).fill(0)]);
      }),
    );
  });

  it("handles known splits", () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(10, [1, 2])).toEqual([3, 7]);
    expect(allocate(0, [5, 5])).toEqual([0, 0]);
    expect(allocate(5, [1, 1, 1, 1])).toEqual([2, 1, 1, 1]);
    expect(allocate(MAX, [1, 1])).toEqual([(MAX + 1) / 2, (MAX - 1) / 2]);
    expect(allocate(MAX, [MAX, 1])).toEqual([MAX - 1, 1]);
  });

  it("refuses bad input", () => {
    expect(() => allocate(-1, [1])).toThrow(RangeError);
    expect(() => allocate(10, [])).toThrow(RangeError);
    expect(() => allocate(10, [1, -1])).toThrow(RangeError);
    expect(() => allocate(10.5, [1])).toThrow(RangeError);
    expect(() => allocate(10, [0.5])).toThrow(RangeError);
    expect(() => allocate(MAX + 1, [1])).toThrow(RangeError);
  });
});

describe("divHalfUp / mulDivHalfUp", () => {
  it("divHalfUp equals a bigint half-up reference", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 106n }), fc.bigInt({ min: 1n, max: 2n ** 60n }), (n, d) => {
        const want = refHalfUp(n, d);
        fc.pre(want <= BigInt(MAX));
        expect(divHalfUp(n, d)).toBe(Number(want));
      }),
      { numRuns: 2000 },
    );
  });

  it("divHalfUp rounds exact halves up and everything below half down", () => {
    expect(divHalfUp(5, 2)).toBe(3);
    expect(divHalfUp(7, 2)).toBe(4);
    expect(divHalfUp(1, 3)).toBe(0);
    expect(divHalfUp(2, 3)).toBe(1);
    expect(divHalfUp(149, 100)).toBe(1);
    expect(divHalfUp(150, 100)).toBe(2);
    expect(divHalfUp(0, 7)).toBe(0);
    expect(divHalfUp(BigInt(MAX) * 2n, 2n)).toBe(MAX);
    expect(divHalfUp(BigInt(MAX) * 2n - 1n, 2n)).toBe(MAX);
  });

  it("mulDivHalfUp equals the bigint reference for any safe integers", () => {
    const safe = fc.integer({ min: 0, max: MAX });
    fc.assert(
      fc.property(safe, safe, fc.integer({ min: 1, max: MAX }), (a, num, den) => {
        const want = refHalfUp(BigInt(a) * BigInt(num), BigInt(den));
        if (want > BigInt(MAX)) expect(() => mulDivHalfUp(a, num, den)).toThrow(RangeError);
        else expect(mulDivHalfUp(a, num, den)).toBe(Number(want));
      }),
      { numRuns: 2000 },
    );
  });

  it("is exact near 2^53, where a float product would lose digits", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: MAX - 1_000_000, max: MAX }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (a, den, k) => {
          const num = Math.min(den, k); // result ≤ a: always a safe integer
          const want = refHalfUp(BigInt(a) * BigInt(num), BigInt(den));
          expect(mulDivHalfUp(a, num, den)).toBe(Number(want));
        },
      ),
      { numRuns: 2000 },
    );
    // A float would say 9007199254740991 × 2 ÷ 3 = 6004799503160661 (correct by luck) but
    // (2^53 − 1) × 999 999 ÷ 1 000 000 needs the exact product:
    expect(mulDivHalfUp(MAX, 999_999, 1_000_000)).toBe(Number(refHalfUp(BigInt(MAX) * 999_999n, 1_000_000n)));
    expect(mulDivHalfUp(MAX, 1, 1)).toBe(MAX);
    expect(mulDivHalfUp(MAX, MAX, MAX)).toBe(MAX);
    expect(mulDivHalfUp(3, 1, 2)).toBe(2);
    // The nights penalty (docs/architecture.md, "Money"): round(price × nights_charged ÷ nights).
    expect(mulDivHalfUp(10_001, 1, 2)).toBe(5001);
    expect(mulDivHalfUp(10_000, 1, 3)).toBe(3333);
    expect(mulDivHalfUp(10_000, 2, 3)).toBe(6667);
  });

  it("refuses a result beyond 2^53 instead of returning an inexact number", () => {
    expect(() => mulDivHalfUp(MAX, 3, 2)).toThrow(RangeError);
    expect(() => divHalfUp(2n ** 60n, 1n)).toThrow(RangeError);
  });

  it("refuses bad input", () => {
    expect(() => divHalfUp(-1, 2)).toThrow(RangeError);
    expect(() => divHalfUp(1, 0)).toThrow(RangeError);
    expect(() => divHalfUp(1, -2)).toThrow(RangeError);
    expect(() => mulDivHalfUp(1.5, 1, 1)).toThrow(RangeError);
    expect(() => mulDivHalfUp(1, 1.5, 1)).toThrow(RangeError);
    expect(() => mulDivHalfUp(1, 1, 0)).toThrow(RangeError);
    expect(() => mulDivHalfUp(MAX + 1, 1, 1)).toThrow(RangeError);
  });
});

describe("currencies", () => {
  it("know their ISO 4217 exponents", () => {
    expect(exponentOf("USD")).toBe(2);
    expect(exponentOf("EUR")).toBe(2);
    expect(exponentOf("JPY")).toBe(0);
    expect(exponentOf("KWD")).toBe(3);
  });

  it("agree with Intl on the number of decimals", () => {
    for (const c of currencies) {
      const digits = new Intl.NumberFormat("en-US", { style: "currency", currency: c }).resolvedOptions()
        .maximumFractionDigits;
      expect([c, digits]).toEqual([c, currencyExponents[c]]);
    }
  });

  it("refuse unknown codes", () => {
    expect(isCurrency("XXX")).toBe(false);
    expect(isCurrency("usd")).toBe(false);
    expect(isCurrency("toString")).toBe(false);
    expect(() => exponentOf("XXX")).toThrow(RangeError);
    expect(() => exponentOf("constructor")).toThrow(RangeError);
  });
});

describe("formatMoney", () => {
  it("formats the usual cases", () => {
    expect(formatMoney(12345, "USD")).toBe("$123.45");
    expect(formatMoney(5000, "JPY")).toBe("¥5,000");
    expect(formatMoney(5, "USD")).toBe("$0.05");
    expect(formatMoney(0, "USD")).toBe("$0.00");
    expect(formatMoney(123456789, "USD")).toBe("$1,234,567.89");
    expect(formatMoney(-12345, "USD")).toBe("-$123.45");
  });

  it("gives KWD its three decimals", () => {
    // Intl (en-US) writes KWD with its code and a no-break space.
    const s = formatMoney(1250, "KWD");
    expect(s).toBe(new Intl.NumberFormat("en-US", { style: "currency", currency: "KWD" }).format(1.25));
    expect(s.replace(/\s/gu, " ")).toBe("KWD 1.250");
    expect(s).toMatch(/1\.250$/);
    expect(formatMoney(1, "KWD")).toMatch(/0\.001$/);
  });

  it("follows the locale", () => {
    expect(formatMoney(123456789, "EUR", "de-DE").replace(/\s/gu, " ")).toBe("1.234.567,89 €");
    expect(formatMoney(12345678, "INR", "en-IN")).toBe("₹1,23,456.78");
  });

  it("writes the fraction in the locale's own digits", () => {
    // ar-EG uses Arabic-Indic digits; integer and fraction must not mix digit systems.
    const nf = new Intl.NumberFormat("ar-EG", { style: "currency", currency: "USD" });
    expect(formatMoney(12345, "USD", "ar-EG")).toBe(nf.format(123.45));
  });

  it("matches Intl exactly wherever a float is still exact", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...currencies),
        fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
        fc.constantFrom("en-US", "de-DE", "fr-FR", "ja-JP", "en-IN", "ar-EG"),
        (c, minor, locale) => {
          fc.pre(!(minor < 0 && locale === "ar-EG")); // its minus sign is bidi-marked; ours is a plain prefix
          const exp = currencyExponents[c];
          const nf = new Intl.NumberFormat(locale, {
            style: "currency",
            currency: c,
            minimumFractionDigits: exp,
            maximumFractionDigits: exp,
          });
          // Intl's string-decimal input is exact; no float involved in the reference either.
          expect(formatMoney(minor, c, locale)).toBe(nf.format(toDecimal(minor, exp) as unknown as number));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("is exact up to 2^53", () => {
    expect(formatMoney(MAX, "USD")).toBe("$90,071,992,547,409.91");
    expect(formatMoney(MAX, "JPY")).toBe("¥9,007,199,254,740,991");
  });

  it("refuses an unknown currency", () => {
    expect(() => formatMoney(100, "XXX")).toThrow(RangeError);
    expect(() => formatMoney(100, "usd")).toThrow(RangeError);
  });
});

describe("parseMoney", () => {
  it("round-trips every amount in every currency", () => {
    fc.assert(
      fc.property(fc.constantFrom(...currencies), fc.integer({ min: 0, max: MAX }), (c, minor) => {
        expect(parseMoney(toDecimal(minor, currencyExponents[c]), c)).toBe(minor);
      }),
      { numRuns: 2000 },
    );
  });

  it("accepts fewer decimals than the currency has, and no decimals", () => {
    expect(parseMoney("123.45", "USD")).toBe(12345);
    expect(parseMoney("123.4", "USD")).toBe(12340);
    expect(parseMoney("123", "USD")).toBe(12300);
    expect(parseMoney("  7.5 ", "EUR")).toBe(750);
    expect(parseMoney("5000", "JPY")).toBe(5000);
    expect(parseMoney("1.25", "KWD")).toBe(1250);
    expect(parseMoney("0.001", "KWD")).toBe(1);
    expect(parseMoney("0", "USD")).toBe(0);
  });

  it("refuses more decimals than the currency has", () => {
    expect(() => parseMoney("1.234", "USD")).toThrow(RangeError);
    expect(() => parseMoney("1.5", "JPY")).toThrow(RangeError);
    expect(() => parseMoney("1.0", "JPY")).toThrow(RangeError);
    expect(() => parseMoney("1.2345", "KWD")).toThrow(RangeError);
    fc.assert(
      fc.property(
        fc.constantFrom(...currencies),
        fc.nat(1_000_000),
        fc.stringMatching(/^[0-9]{1,6}$/),
        (c, whole, digits) => {
          const frac = digits.padEnd(currencyExponents[c] + 1, "0");
          expect(() => parseMoney(`${whole}.${frac}`, c)).toThrow(RangeError);
        },
      ),
    );
  });

  it("refuses garbage", () => {
    for (const bad of [
      "",
      " ",
      "abc",
      "1.",
      ".5",
      "-1",
      "+1",
      "1e3",
      "1,000",
      "1.2.3",
      "$1",
      "12 34",
      "NaN",
      "Infinity",
      "0x10",
      "١٢٣",
    ]) {
      expect(() => parseMoney(bad, "USD"), bad).toThrow(RangeError);
    }
  });

  it("refuses amounts beyond 2^53 minor units", () => {
    expect(parseMoney("90071992547409.91", "USD")).toBe(MAX);
    expect(() => parseMoney("90071992547409.92", "USD")).toThrow(RangeError);
    expect(() => parseMoney("99999999999999999999", "JPY")).toThrow(RangeError);
  });

  it("refuses an unknown currency", () => {
    expect(() => parseMoney("1.00", "XXX")).toThrow(RangeError);
    expect(() => parseMoney("1.00", "")).toThrow(RangeError);
  });

  it("parses what formatMoney's digits say (en-US, no grouping)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...currencies), fc.integer({ min: 0, max: MAX }), (c, minor) => {
        const digits = formatMoney(minor, c).replace(/[^0-9.]/g, "");
        expect(parseMoney(digits, c)).toBe(minor);
      }),
      { numRuns: 500 },
    );
  });
});

describe("settleable refunds", () => {
  it("rounds three-decimal currencies up to 10 fils in the traveler's favour, within what is left", async () => {
    const { settleableRefund } = await import("./money");
    expect(settleableRefund(5124, "KWD", 10_000)).toBe(5130);
    expect(settleableRefund(5120, "KWD", 10_000)).toBe(5120);
    expect(settleableRefund(5124, "KWD", 5127)).toBe(5120); // the cap wins, still settleable
    expect(settleableRefund(5124, "USD", 10_000)).toBe(5124);
    expect(settleableRefund(0, "BHD", 100)).toBe(0);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { currencies } from "@/server/domain/money";
import { convertMinor, createLocalRates, divideDecimals, rates } from "./rates";

describe("convertMinor", () => {
  it("respects both exponents and rounds half-up once", () => {
    expect(convertMinor(100_00, "EUR", "USD", "1.17")).toBe(117_00);
    expect(convertMinor(100_00, "USD", "JPY", "147.4358974359")).toBe(14_744); // $100 → ¥14,743.59 → ¥14,744
    expect(convertMinor(14_744, "JPY", "USD", "0.0067826087")).toBe(100_00); // ¥14,744 → $100.0028 → $100.00
    expect(convertMinor(10_000, "KWD", "EUR", "2.7885446586")).toBe(27_89); // 10.000 KWD → €27.885 → €27.89
    expect(convertMinor(1, "USD", "EUR", "0.5")).toBe(1); // 0.5 cent → 1 (half-up)
    expect(convertMinor(1, "USD", "EUR", "0.4999999999")).toBe(0);
    expect(convertMinor(5, "ISK", "KWD", "0.0024990418")).toBe(12); // 5 ISK → 0.0124952 KWD → 0.012
  });

  it("matches an exact rational reference for any amount and rate", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 45 }),
        fc.constantFrom(...currencies),
        fc.constantFrom(...currencies),
        fc.integer({ min: 0, max: 10 ** 9 }),
        fc.integer({ min: 0, max: 10 }),
        (amount, from, to, digits, scale) => {
          const rate = String(digits).padStart(scale + 1, "0");
          const str = scale === 0 ? rate : `${rate.slice(0, -scale)}.${rate.slice(-scale)}`;
          const exp = (c: string) =>
            BigInt(
              ({ JPY: 0, KRW: 0, ISK: 0, KWD: 3, BHD: 3, JOD: 3, OMR: 3, TND: 3 } as Record<string, number>)[c] ?? 2,
            );
          const num = BigInt(amount) * BigInt(digits) * 10n ** exp(to),
            den = 10n ** (BigInt(scale) + exp(from));
          const q = num / den,
            rem = num % den;
          const expected = 2n * rem >= den ? q + 1n : q;
          if (expected > BigInt(Number.MAX_SAFE_INTEGER)) return;
          expect(convertMinor(amount, from, to, str)).toBe(Number(expected));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("refuses negative amounts and non-decimal rates", () => {
    expect(() => convertMinor(-1, "USD", "EUR", "1")).toThrow(RangeError);
    expect(() => convertMinor(1, "USD", "EUR", "1e3")).toThrow(RangeError);
    expect(() => convertMinor(1, "USD", "XXX", "1")).toThrow(RangeError);
  });
});

describe("local rates", () => {
  it("cross rates from the EUR table, with the table's date and source", async () => {
    const r = await rates.rateFor("USD", "JPY", new Date("2026-03-01T00:00:00Z"));
    expect(r).toMatchObject({ from: "USD", to: "JPY", rate: divideDecimals("172.50", "1.1700"), asOf: "2026-01-02" });
    expect(r.rate).toBe("147.4358974359");
    expect(r.source).toMatch(/reference table of 2026-01-02/);
    expect((await rates.rateFor("EUR", "USD", new Date())).rate).toBe("1.17");
    expect((await rates.rateFor("GBP", "GBP", new Date())).rate).toBe("1");
    await expect(rates.rateFor("USD", "XYZ", new Date())).rejects.toThrow(/Unknown currency XYZ/);
  });

  it("every shipped currency has a rate; the table in force is the latest on or before the date", async () => {
    const mk = createLocalRates({
      source: "t",
      base: "EUR",
      tables: [
        { date: "2026-01-01", rates: Object.fromEntries(currencies.map((c) => [c, "1"])) },
        { date: "2026-02-01", rates: Object.fromEntries(currencies.map((c) => [c, c === "USD" ? "2" : "1"])) },
      ],
    });
    expect((await mk.rateFor("EUR", "USD", new Date("2026-01-31T23:59:59Z"))).rate).toBe("1");
    expect((await mk.rateFor("EUR", "USD", new Date("2026-02-01T00:00:00Z"))).rate).toBe("2");
    expect((await mk.rateFor("EUR", "USD", new Date("2025-06-01T00:00:00Z"))).asOf).toBe("2026-01-01");
    expect(() =>
      createLocalRates({ source: "t", base: "EUR", tables: [{ date: "2026-01-01", rates: { EUR: "1" } }] }),
    ).toThrow(/lack/);
    for (const c of currencies) expect(Number((await rates.rateFor("EUR", c, new Date())).rate)).toBeGreaterThan(0);
  });
});

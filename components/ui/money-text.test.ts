import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { currencies } from "@/server/domain/money";
import { minorToText, parseMoneyText } from "./money-text";

const amount = (minor: number) => ({ kind: "amount", minor });

describe("parseMoneyText", () => {
  it("reads each currency's exponent: JPY 0, EUR 2, KWD 3", () => {
    expect(parseMoneyText("5000", "JPY")).toEqual(amount(5000));
    expect(parseMoneyText("12.34", "EUR")).toEqual(amount(1234));
    expect(parseMoneyText("12.5", "EUR")).toEqual(amount(1250));
    expect(parseMoneyText("12", "EUR")).toEqual(amount(1200));
    expect(parseMoneyText("1.250", "KWD")).toEqual(amount(1250));
    expect(parseMoneyText("1.25", "KWD")).toEqual(amount(1250));
  });

  it("takes what people type: spaces, grouping commas, a bare or trailing point", () => {
    expect(parseMoneyText("  1,234.50 ", "EUR")).toEqual(amount(123450));
    expect(parseMoneyText("1,000,000", "JPY")).toEqual(amount(1_000_000));
    expect(parseMoneyText(".5", "EUR")).toEqual(amount(50));
    expect(parseMoneyText("12.", "EUR")).toEqual(amount(1200));
    expect(parseMoneyText("0.1", "USD")).toEqual(amount(10)); // 0.1 is exact here: no float ever holds it
  });

  it("refuses more decimals than the currency has, naming it", () => {
    expect(parseMoneyText("12.5", "JPY")).toEqual({ kind: "invalid", message: "JPY has no decimals" });
    expect(parseMoneyText("1.005", "EUR")).toEqual({ kind: "invalid", message: "EUR has at most 2 decimals" });
    expect(parseMoneyText("1.2345", "KWD")).toEqual({ kind: "invalid", message: "KWD has at most 3 decimals" });
  });

  it("refuses what is not an amount, with an example in the currency's shape", () => {
    for (const t of ["-5", "1e3", "12,34", "1,23", "abc", "1.2.3", ".", "١٢"])
      expect(parseMoneyText(t, "EUR"), t).toEqual({ kind: "invalid", message: "Enter an amount such as 12.50" });
    expect(parseMoneyText("x", "JPY")).toEqual({ kind: "invalid", message: "Enter an amount such as 1200" });
    expect(parseMoneyText("x", "KWD")).toEqual({ kind: "invalid", message: "Enter an amount such as 12.500" });
  });

  it("is empty for blank text and refuses amounts past a safe integer", () => {
    expect(parseMoneyText("   ", "EUR")).toEqual({ kind: "empty" });
    expect(parseMoneyText("90071992547409.92", "EUR")).toEqual({ kind: "invalid", message: "Amount is too large" });
    expect(parseMoneyText("90071992547409.91", "EUR")).toEqual(amount(Number.MAX_SAFE_INTEGER));
  });
});

describe("minorToText", () => {
  it("writes minor units with the currency's exponent, without grouping", () => {
    expect(minorToText(123450, "EUR")).toBe("1234.50");
    expect(minorToText(5, "EUR")).toBe("0.05");
    expect(minorToText(0, "EUR")).toBe("0.00");
    expect(minorToText(5000, "JPY")).toBe("5000");
    expect(minorToText(1250, "KWD")).toBe("1.250");
    expect(minorToText(7, "KWD")).toBe("0.007");
  });

  it("refuses what is not a count of minor units", () => {
    expect(() => minorToText(1.5, "EUR")).toThrow(RangeError);
    expect(() => minorToText(-1, "EUR")).toThrow(RangeError);
    expect(() => minorToText(1, "XXX")).toThrow(RangeError);
  });

  it("round-trips through parseMoneyText for every currency", () => {
    fc.assert(
      fc.property(fc.constantFrom(...currencies), fc.maxSafeNat(), (currency, minor) => {
        expect(parseMoneyText(minorToText(minor, currency), currency)).toEqual(amount(minor));
      }),
    );
  });
});

import { describe, expect, it } from "vitest";
import { minorToStatementAmount, statementAmountToMinor } from "./amount";

describe("statement amounts by the currency's exponent", () => {
  it.each([
    ["JPY", "1500", 1500],
    ["JPY", "-1500", -1500],
    ["EUR", "12.5", 1250],
    ["EUR", "-12.50", -1250],
    ["EUR", "0.01", 1],
    ["EUR", "+3", 300],
    ["KWD", "5.125", 5125],
    ["KWD", "-0.001", -1],
    ["EUR", "90071992547409.91", 9007199254740991],
  ])("%s %s → %d minor", (currency, text, minor) => {
    expect(statementAmountToMinor(text, currency)).toBe(minor);
  });
  it.each([
    ["JPY", "1500.5"],
    ["EUR", "1.234"],
    ["KWD", "1.2345"],
    ["EUR", "1e3"],
    ["EUR", "1,50"],
    ["EUR", ""],
    ["EUR", "--1"],
    ["EUR", "90071992547409.92"],
    ["XXX", "1"],
  ])("%s %s is refused", (currency, text) => {
    expect(() => statementAmountToMinor(text, currency)).toThrow();
  });
  it("writes minor units back in the currency's precision", () => {
    expect(minorToStatementAmount(1500, "JPY")).toBe("1500");
    expect(minorToStatementAmount(-1250, "EUR")).toBe("-12.50");
    expect(minorToStatementAmount(5, "KWD")).toBe("0.005");
    expect(minorToStatementAmount(-0, "EUR")).toBe("0.00");
  });
});

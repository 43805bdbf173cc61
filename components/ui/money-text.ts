// The text a person types into a money field ⇄ integer minor units (docs/architecture.md, "Money": no floats).
// The decimal string is split into digits and handed to the domain's parser: one rule, one place.
import { exponentOf, parseMoney } from "@/server/domain/money";

export type MoneyText = { kind: "empty" } | { kind: "amount"; minor: number } | { kind: "invalid"; message: string };

// "1,234.50" (grouping commas), ".5", "12." are what people type; anything else is refused.
const grouped = /^\d{1,3}(?:,\d{3})+(?:\.\d*)?$/;
const plain = /^(?:\d+(?:\.\d*)?|\.\d+)$/;

/** Parses what was typed into minor units of `currency`, or says why it is not an amount. */
export function parseMoneyText(text: string, currency: string): MoneyText {
  const t = text.trim();
  if (t === "") return { kind: "empty" };
  if (!plain.test(t) && !grouped.test(t))
    return { kind: "invalid", message: `Enter an amount such as ${example(currency)}` };
  let decimal = t.replaceAll(",", "");
  if (decimal.startsWith(".")) decimal = `0${decimal}`;
  if (decimal.endsWith(".")) decimal = decimal.slice(0, -1);
  const exp = exponentOf(currency);
  const decimals = decimal.split(".")[1]?.length ?? 0;
  if (decimals > exp)
    return {
      kind: "invalid",
      message: exp === 0 ? `${currency} has no decimals` : `${currency} has at most ${exp} decimals`,
    };
  try {
    return { kind: "amount", minor: parseMoney(decimal, currency) };
  } catch {
    return { kind: "invalid", message: "Amount is too large" };
  }
}

/** Minor units as an editable decimal string: 123450 EUR → "1234.50", 5000 JPY → "5000", 1250 KWD → "1.250". */
export function minorToText(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor) || minor < 0) throw new RangeError(`Not an amount of minor units: ${minor}`);
  const exp = exponentOf(currency);
  if (exp === 0) return String(minor);
  const digits = String(minor).padStart(exp + 1, "0");
  return `${digits.slice(0, -exp)}.${digits.slice(-exp)}`;
}

function example(currency: string): string {
  const exp = exponentOf(currency);
  return exp === 0 ? "1200" : `12.${"5".padEnd(exp, "0")}`;
}

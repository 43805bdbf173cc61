import { exponentOf, parseMoney } from "@/server/domain/money";

/**
 * A statement amount ("-12.50") in minor units of `currency`, by the currency's exponent and never
 * through a float: at most as many decimals as the currency has (JPY none, EUR two, KWD three).
 * Positive = we owe the provider; negative = the provider owes us.
 */
export function statementAmountToMinor(text: string, currency: string): number {
  exponentOf(currency); // an unknown currency is refused before the number is looked at
  const t = text.trim();
  const negative = t.startsWith("-");
  const digits = negative || t.startsWith("+") ? t.slice(1) : t;
  if (!/^\d+(\.\d+)?$/.test(digits)) throw new RangeError(`"${text}" is not a decimal amount`);
  const minor = parseMoney(digits, currency);
  return negative && minor !== 0 ? -minor : minor;
}

/** Minor units back to the statement's decimal text (the export and the sandbox statement). */
export function minorToStatementAmount(minor: number, currency: string): string {
  const exp = exponentOf(currency);
  const abs = BigInt(Math.abs(minor));
  const unit = 10n ** BigInt(exp);
  const whole = (abs / unit).toString();
  const text = exp === 0 ? whole : `${whole}.${(abs % unit).toString().padStart(exp, "0")}`;
  return minor < 0 ? `-${text}` : text;
}

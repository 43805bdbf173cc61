// Our minor units (ISO 4217 exponents, server/domain/money.ts) ↔ Stripe's API amounts.
// - Zero-decimal currencies (JPY, KRW) match: ¥500 is 500 in both.
// - ISK: ISO exponent 0, but Stripe keeps it two-decimal for backwards compatibility: 5 ISK is
//   500 in the API and must be a multiple of 100 (Stripe docs, currencies "special cases").
// - Three-decimal currencies (KWD, BHD, JOD, OMR, TND): same exponent, but Stripe requires the
//   last digit to be 0 (5.124 KWD must be sent as 5120 or 5130). We never round money silently:
//   an amount that is not a multiple of 10 is refused (GatewayError "invalid"), and the caller
//   decides (a quote in these currencies should already be in whole tens of fils).
import { exponentOf, settlementUnit } from "@/server/domain/money";
import { GatewayError } from "./errors";

const stripeExponentOverride: Record<string, number> = { ISK: 2 };

function stripeExponent(currency: string): number {
  return stripeExponentOverride[currency] ?? exponentOf(currency);
}

export function toStripeAmount(minor: number, currency: string): number {
  const cur = currency.toUpperCase();
  let ours: number;
  try {
    ours = exponentOf(cur);
  } catch {
    throw new GatewayError("invalid", `Unknown currency ${currency}`, "currency_unknown", { field: "currency" });
  }
  if (!Number.isSafeInteger(minor) || minor <= 0)
    throw new GatewayError(
      "invalid",
      `Amount must be a positive integer of minor units, got ${minor}`,
      "amount_invalid",
      { field: "amountMinor" },
    );
  const unit = settlementUnit(cur); // three-decimal currencies: multiples of 10 minor units
  if (minor % unit !== 0) {
    const down = minor - (minor % unit);
    throw new GatewayError(
      "invalid",
      `Stripe accepts ${cur} only in multiples of ${unit} minor units; ${minor} is not (nearest: ${down} or ${down + unit})`,
      "amount_not_representable",
      { field: "amountMinor", lower: down, upper: down + unit },
    );
  }
  const amount = minor * 10 ** (stripeExponent(cur) - ours);
  if (!Number.isSafeInteger(amount))
    throw new GatewayError("invalid", `Amount ${minor} ${cur} is too large`, "amount_invalid", {
      field: "amountMinor",
    });
  return amount;
}

/** Stripe's amount back to our minor units; exact or an error (never a rounded number). */
export function fromStripeAmount(amount: number, currency: string): number {
  const cur = currency.toUpperCase();
  const shift = stripeExponent(cur) - exponentOf(cur);
  const d = 10 ** shift;
  if (amount % d !== 0)
    throw new GatewayError(
      "invalid",
      `Stripe amount ${amount} ${cur} has a fraction of our minor unit`,
      "amount_not_representable",
    );
  return amount / d;
}

/** Our minor units in Stripe's scale without the multiple-of-10 rule: for describing objects (events), never for requests. */
export function scaleToStripe(minor: number, currency: string): number {
  const cur = currency.toUpperCase();
  return minor * 10 ** (stripeExponent(cur) - exponentOf(cur));
}

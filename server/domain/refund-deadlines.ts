// Legal refund deadlines and the expected arrival of a refund (docs/architecture.md,
// "Regulation"). Pure: no I/O. A booking may fall under several rules; the strictest (earliest)
// due instant is the one we hold ourselves to, and its clause is named on the refund.
//
// Day counting: the day the refund became owed does not count ("within 7 days" of it). A rule's
// due date ends at local midnight in the rule's reference zone: America/New_York for US DOT
// (its business days follow the US federal calendar), Europe/Brussels for the EU texts.

import { airports } from "./airports";
import { addBusinessDays, addDays, isBusinessDay, type IsoDate } from "./business-days";
import { inEu261Scope } from "./eu261";
import type { CardFunding, paymentMethods } from "./statuses";
import { formatLocal, instantOf } from "./zones";

export type PaymentMethod = (typeof paymentMethods)[number];

export type RefundRule = "us_dot" | "eu261" | "eu_ptd";

export type RefundDeadline = {
  rule: RefundRule;
  clause: string;
  /** The last local day the refund may be made on, in `zone`. */
  dueDate: IsoDate;
  zone: string;
  /** End of `dueDate` in `zone` (its next local midnight), as an instant. */
  dueBy: Date;
};

/** Providers that are US air carriers (14 CFR 260 binds them on every flight). */
export const usCarrierProviders: ReadonlySet<string> = new Set(["skyway-air"]);
/** Providers that are Community carriers (EU 261 Art. 2(c)); mirrors airports.ts. */
export { euCarrierProviders } from "./airports";

export type DeadlineFlight = {
  /** IATA codes; countries come from airports.ts, or pass them directly. */
  from: { iata?: string; country?: string };
  to: { iata?: string; country?: string };
  usCarrier: boolean;
  euCarrier: boolean;
};

export type DeadlineInput = {
  /** When the refund became owed: the cancellation confirmed, the provider cancelled, the change rejected. */
  owedAt: Date;
  paymentMethod: PaymentMethod;
  /** The card's funding as the checkout reported it; null or absent for rows from before it was kept. */
  funding?: CardFunding | null;
  flights: readonly DeadlineFlight[];
  /** A package under the Package Travel Directive (our `bookings.booking_type = 'package'`). */
  isPackage: boolean;
};

const countryOf = (p: { iata?: string; country?: string }) =>
  (p.country ?? (p.iata ? airports[p.iata]?.country : undefined))?.toUpperCase();

/** 14 CFR 260 covers US carriers everywhere and foreign carriers on flights to, from or within the US. */
export function inDotScope(f: DeadlineFlight): boolean {
  return f.usCarrier || countryOf(f.from) === "US" || countryOf(f.to) === "US";
}

export function inEu261ScopeFlight(f: DeadlineFlight): boolean {
  const from = countryOf(f.from),
    to = countryOf(f.to);
  if (!from || !to) return false;
  return inEu261Scope({ from: { country: from }, to: { country: to }, operatedByEuCarrier: f.euCarrier });
}

const localDate = (at: Date, zone: string): IsoDate => formatLocal(at.getTime(), zone).slice(0, 10);
const endOfDay = (d: IsoDate, zone: string) => instantOf({ local: `${addDays(d, 1)}T00:00`, zone });

function deadline(rule: RefundRule, clause: string, dueDate: IsoDate, zone: string): RefundDeadline {
  return { rule, clause, dueDate, zone, dueBy: endOfDay(dueDate, zone) };
}

/**
 * A credit card purchase for the DOT clock (docs/architecture.md, "Money (second wave)"): a card
 * whose funding is credit, unknown or was never recorded (the stricter clock when in doubt), or a
 * card-backed wallet that reported a credit card. Debit and prepaid cards, and every other tender,
 * are "other forms of payment".
 */
export function paidByCreditCard(method: PaymentMethod, funding: CardFunding | null | undefined): boolean {
  if (method === "card") return funding !== "debit" && funding !== "prepaid";
  return method === "wallet" && (funding === "credit" || funding === "unknown");
}

/** Every rule that applies to the booking, each with its own due date. */
export function applicableRefundDeadlines(input: DeadlineInput): RefundDeadline[] {
  const out: RefundDeadline[] = [];
  if (input.flights.some(inDotScope)) {
    const zone = "America/New_York",
      owed = localDate(input.owedAt, zone);
    out.push(
      paidByCreditCard(input.paymentMethod, input.funding)
        ? // 14 CFR 260.10 (prompt refunds) with 260.2's "prompt": 7 business days for credit card purchases,
          // 20 calendar days for cash, check or other forms of payment (a debit card among them).
          deadline(
            "us_dot",
            "14 CFR 260.10 / 260.2 'prompt': within 7 business days (credit card)",
            addBusinessDays(owed, 7),
            zone,
          )
        : deadline(
            "us_dot",
            "14 CFR 260.10 / 260.2 'prompt': within 20 calendar days (debit card or other payment)",
            addDays(owed, 20),
            zone,
          ),
    );
  }
  if (input.flights.some(inEu261ScopeFlight)) {
    const zone = "Europe/Brussels";
    // Regulation (EC) 261/2004 Art. 8(1)(a) with Art. 7(3): reimbursement within seven days.
    out.push(
      deadline(
        "eu261",
        "Regulation (EC) 261/2004 Art. 8(1)(a): reimbursement within 7 days",
        addDays(localDate(input.owedAt, zone), 7),
        zone,
      ),
    );
  }
  if (input.isPackage) {
    const zone = "Europe/Brussels";
    // Directive (EU) 2015/2302 Art. 12(4): refunds without undue delay, at the latest within 14 days after termination.
    out.push(
      deadline(
        "eu_ptd",
        "Directive (EU) 2015/2302 Art. 12(4): refund within 14 days of termination",
        addDays(localDate(input.owedAt, zone), 14),
        zone,
      ),
    );
  }
  return out;
}

/** The strictest applicable deadline (earliest `dueBy`), or null when no rule applies. */
export function refundDeadline(input: DeadlineInput): RefundDeadline | null {
  const all = applicableRefundDeadlines(input);
  return all.reduce<RefundDeadline | null>((best, d) => (best === null || d.dueBy < best.dueBy ? d : best), null);
}

/**
 * How long a refund takes to reach the traveler once the gateway has sent it, in business days.
 * Card (and card-backed wallets such as Apple Pay / Google Pay): Stripe's documented 5–10 business
 * days for a refund to appear on the cardholder's statement. Bank transfer: 3–5 business days, the
 * usual settlement of SEPA/ACH credit transfers. Counted on the US federal calendar.
 */
export const refundArrivalBusinessDays: Record<PaymentMethod, { min: number; max: number; source: string }> = {
  card: { min: 5, max: 10, source: "Stripe: refunds take 5–10 business days to appear on the card statement" },
  wallet: { min: 5, max: 10, source: "Card-backed wallets follow the card network's 5–10 business days" },
  bank_transfer: { min: 3, max: 5, source: "Bank credit transfer settlement, 3–5 business days" },
  credit: { min: 0, max: 0, source: "Travel credit is back in the traveler's account at once" },
  // Never returned (docs/architecture.md, "Money (second wave)"); listed so the record is total.
  promo: { min: 0, max: 0, source: "Promo value is not returned" },
};

export type ExpectedArrival = {
  earliest: IsoDate;
  latest: IsoDate;
  businessDays: { min: number; max: number };
  source: string;
};

/**
 * When the traveler should see the money, counted from the day the refund was sent (in the
 * traveler's `zone`). A refund sent on a weekend or holiday starts counting on the next business day.
 */
export function expectedArrival(sentAt: Date, method: PaymentMethod, zone = "UTC"): ExpectedArrival {
  const r = refundArrivalBusinessDays[method];
  let start = localDate(sentAt, zone);
  if (!isBusinessDay(start)) start = addBusinessDays(start, 0);
  return {
    earliest: addBusinessDays(start, r.min),
    latest: addBusinessDays(start, r.max),
    businessDays: { min: r.min, max: r.max },
    source: r.source,
  };
}

// Pure rules of booking modifications (issue 12, item 4): money in integer minor units of the
// booking's (charge) currency, names, and new dates in an item's own zones. No I/O.
import { DomainError } from "./errors";
import { mulDivHalfUp } from "./money";
import { normalizeName, sameName } from "./names";
import { formatLocal, localToUtc } from "./zones";

export type PersonName = { firstName: string; lastName: string };

/**
 * An amount the provider quotes in its own currency, as the traveler pays it: scaled by the item's
 * share of the charge over its provider price (share × amount ÷ price, rounded once half-up). For
 * an item charged in the provider's currency at its price this is the amount itself; otherwise it
 * keeps the booking's own rate and margin instead of converting at today's rate (docs/architecture.md, "Money").
 */
export function toChargeMinor(providerMinor: number, item: { priceMinor: number; chargeShareMinor: number }): number {
  if (providerMinor === 0) return 0;
  if (item.priceMinor === 0) throw new DomainError("invalid", "This item has no price to scale a change from");
  return mulDivHalfUp(providerMinor, item.chargeShareMinor, item.priceMinor);
}

/** The item's new share of the charge at its new provider price, and the difference (may be negative). */
export function priceDifference(item: { priceMinor: number; chargeShareMinor: number }, newPriceMinor: number) {
  const newShareMinor = toChargeMinor(newPriceMinor, item);
  return { newShareMinor, differenceMinor: newShareMinor - item.chargeShareMinor };
}

/**
 * What a change costs: the price difference plus the change fee. A positive total is charged to
 * the saved card; a negative one (a cheaper date that outweighs the fee) is refunded to the
 * original payment. Exactly one of charge and refund can be non-zero.
 */
export function modificationTotal(differenceMinor: number, feeMinor: number) {
  if (!Number.isSafeInteger(differenceMinor) || !Number.isSafeInteger(feeMinor) || feeMinor < 0) {
    throw new RangeError("difference must be a safe integer and fee a non-negative safe integer");
  }
  const net = differenceMinor + feeMinor;
  return { netMinor: net, chargeMinor: Math.max(0, net), refundMinor: Math.max(0, -net) };
}

/** A new name must be given in full, within what tickets print, and differ from the current one. */
export function checkNameChange(current: PersonName, next: PersonName): PersonName {
  const clean = (s: string) => s.normalize("NFC").replace(/\s+/g, " ").trim();
  const out = { firstName: clean(next.firstName), lastName: clean(next.lastName) };
  for (const field of ["firstName", "lastName"] as const) {
    if (!out[field]) throw new DomainError("invalid", `${field} is required`, { field });
    if (out[field].length > 60) throw new DomainError("invalid", `${field} is longer than 60 characters`, { field });
    if (/[\p{Cc}<>]/u.test(out[field]))
      throw new DomainError("invalid", `${field} contains characters a ticket cannot carry`, { field });
  }
  if (
    sameName(current.firstName, out.firstName) &&
    sameName(current.lastName, out.lastName) &&
    current.firstName === out.firstName &&
    current.lastName === out.lastName
  ) {
    throw new DomainError("invalid", "The new name is the same as the current one", { field: "lastName" });
  }
  return out;
}

/**
 * Airlines correct a name but never transfer a ticket to another person: changing both the first
 * and the last name (ignoring case, accents and spacing) is a transfer.
 */
export function isNameTransfer(current: PersonName, next: PersonName): boolean {
  return (
    normalizeName(current.firstName) !== normalizeName(next.firstName) &&
    normalizeName(current.lastName) !== normalizeName(next.lastName)
  );
}

const DAY = 86_400_000;
const localMs = (local: string) => Date.parse(`${local}:00Z`);
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** Whole days from one local date to another ("YYYY-MM-DD"). */
export function daysBetween(fromDate: string, toDate: string): number {
  return Math.round((Date.parse(`${toDate}T00:00:00Z`) - Date.parse(`${fromDate}T00:00:00Z`)) / DAY);
}

/** Moves a local wall-clock string ("YYYY-MM-DDTHH:mm") by whole days: same time of day, another date. */
export function shiftLocal(local: string, days: number): string {
  return new Date(localMs(local) + days * DAY).toISOString().slice(0, 16);
}

export type DatedItem = {
  category: "flight" | "hotel" | "car" | "experience";
  startAt: Date;
  endAt: Date | null;
  startZone: string | null;
  endZone: string | null;
  itemDetails: Record<string, unknown>;
};

/**
 * The item on new local dates, keeping each time of day: the start moves to `startDate` in the
 * start's zone, the end to `endDate` in the end's zone (a hotel's nights follow). The local times
 * in the details move with them; a flight's segments in the first half of the trip move with the
 * start, the others (the way back) with the end.
 */
export function itemOnNewDates(item: DatedItem, startDate: string, endDate: string) {
  if (!isoDate.test(startDate))
    throw new DomainError("invalid", "startDate must be YYYY-MM-DD", { field: "startDate" });
  if (!isoDate.test(endDate)) throw new DomainError("invalid", "endDate must be YYYY-MM-DD", { field: "endDate" });
  const startZone = item.startZone ?? "UTC",
    endZone = item.endZone ?? startZone;
  const end = item.endAt ?? item.startAt;
  const oldStartLocal = formatLocal(item.startAt.getTime(), startZone),
    oldEndLocal = formatLocal(end.getTime(), endZone);
  const startDays = daysBetween(oldStartLocal.slice(0, 10), startDate);
  const endDays = daysBetween(oldEndLocal.slice(0, 10), endDate);
  if (startDays === 0 && endDays === 0)
    throw new DomainError("invalid", "These are the current dates", { field: "startDate" });
  const startAt = new Date(localToUtc(localMs(shiftLocal(oldStartLocal, startDays)), startZone));
  const endAt = new Date(localToUtc(localMs(shiftLocal(oldEndLocal, endDays)), endZone));
  if (endAt.getTime() < startAt.getTime())
    throw new DomainError("invalid", "endDate is before startDate", { field: "endDate" });
  if (item.category === "hotel" && endDate <= startDate)
    throw new DomainError("invalid", "A stay needs at least one night: endDate must be after startDate", {
      field: "endDate",
    });

  const d = structuredClone(item.itemDetails) as Record<string, unknown>;
  const move = (local: unknown, days: number) =>
    typeof local === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(local)
      ? shiftLocal(local.slice(0, 16), days)
      : local;
  const midpoint = item.startAt.getTime() + (end.getTime() - item.startAt.getTime()) / 2;
  if (Array.isArray(d.segments)) {
    d.segments = (d.segments as Record<string, unknown>[]).map((s) => {
      const zone = typeof s.departureZone === "string" ? s.departureZone : startZone;
      const dep =
        typeof s.departureLocal === "string"
          ? localToUtc(localMs(s.departureLocal.slice(0, 16)), zone)
          : item.startAt.getTime();
      const days = dep > midpoint && endDays !== startDays ? endDays : startDays;
      return { ...s, departureLocal: move(s.departureLocal, days), arrivalLocal: move(s.arrivalLocal, days) };
    });
  }
  for (const [key, days] of [
    ["checkInLocal", startDays],
    ["checkOutLocal", endDays],
    ["startLocal", startDays],
    ["endLocal", endDays],
  ] as const) {
    if (key in d) d[key] = move(d[key], days);
  }
  for (const [key, days] of [
    ["pickup", startDays],
    ["dropoff", endDays],
  ] as const) {
    const v = d[key] as { local?: unknown } | undefined;
    if (v && typeof v === "object") d[key] = { ...v, local: move(v.local, days) };
  }
  if (item.category === "hotel") d.nights = daysBetween(startDate, endDate);
  return { startAt, endAt, details: d };
}

/** A special request is free text the provider reads: bounded, no markup, not empty. */
export function checkSpecialRequest(text: string): string {
  const t = text.replace(/\s+/g, " ").trim();
  if (t.length < 3)
    throw new DomainError("invalid", "Describe the request (at least 3 characters)", { field: "request" });
  if (t.length > 500)
    throw new DomainError("invalid", "The request is longer than 500 characters", { field: "request" });
  if (/[<>]/.test(t)) throw new DomainError("invalid", "The request cannot contain < or >", { field: "request" });
  return t;
}

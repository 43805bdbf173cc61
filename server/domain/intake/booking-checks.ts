// Checks of the intake body that span fields: indexes that point somewhere, times in order,
// amounts that add up. Each issue carries the path of the field to fix.
import type { z } from "zod";
import { isCalendarDate } from "@/server/domain/input";
import { formatMoney } from "@/server/domain/money";
import { instantOf, type LocalTime } from "@/server/domain/zones";
import { itemTimes, type IntakeItem, type Tender } from "./items";

type Body = {
  currency: string;
  totalMinor: number;
  travelers: readonly unknown[];
  items: readonly IntakeItem[];
  tenders: readonly Tender[];
};
type Path = (string | number)[];

/** The instant, or NaN for a time the schema already refused (NaN compares false: no second issue). */
function ms(t: LocalTime): number {
  if (!isCalendarDate(t.local.slice(0, 10))) return NaN;
  try {
    return instantOf(t).getTime();
  } catch {
    return NaN;
  }
}
function money(minor: number, currency: string) {
  try {
    return formatMoney(minor, currency);
  } catch {
    return `${minor} minor units of ${currency}`;
  }
}
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

export function checkBooking(b: Body, ctx: z.RefinementCtx) {
  const issue = (path: Path, message: string) => ctx.addIssue({ code: "custom", path, message, input: undefined });

  b.items.forEach((item, i) => {
    const at: Path = ["items", i];
    const travelers = item.travelers ?? b.travelers.map((_, k) => k);
    travelers.forEach((t, k) => {
      if (t >= b.travelers.length)
        issue([...at, "travelers", k], `traveler ${t} does not exist (${b.travelers.length} listed)`);
      else if (travelers.indexOf(t) !== k) issue([...at, "travelers", k], `traveler ${t} is listed twice`);
    });
    if (item.dependsOn !== undefined && (item.dependsOn >= b.items.length || item.dependsOn === i))
      issue([...at, "dependsOn"], `must be the index of another item (0–${b.items.length - 1}, not ${i})`);
    const twin = b.items.findIndex(
      (x) => x.provider === item.provider && x.providerReference === item.providerReference,
    );
    if (twin < i) issue([...at, "providerReference"], `is item ${twin}'s provider reference too`);
    checkTimes(item, at, issue);
    if (item.category === "flight") {
      const seen = new Set<number>();
      item.fares.forEach((f, k) => {
        if (!travelers.includes(f.traveler))
          issue([...at, "fares", k, "traveler"], `traveler ${f.traveler} is not on this flight`);
        else if (seen.has(f.traveler)) issue([...at, "fares", k, "traveler"], `traveler ${f.traveler} has two fares`);
        seen.add(f.traveler);
      });
      const missing = travelers.filter((t) => !seen.has(t));
      if (missing.length) issue([...at, "fares"], `travelers ${missing.join(", ")} have no fare`);
      const fares = sum(item.fares.map((f) => f.baseMinor + f.taxesMinor + f.feesMinor));
      if (fares !== item.price.amountMinor)
        issue(
          [...at, "fares"],
          `fares with taxes and fees add up to ${money(fares, item.price.currency)}, not the price ${money(item.price.amountMinor, item.price.currency)}`,
        );
    }
  });

  const shares = sum(b.items.map((i) => i.chargeShareMinor));
  if (shares !== b.totalMinor)
    issue(
      ["items"],
      `the items' charge shares add up to ${money(shares, b.currency)}, not totalMinor ${money(b.totalMinor, b.currency)}`,
    );

  b.tenders.forEach((t, k) => {
    if (t.type === "credit" && b.tenders.findIndex((x) => x.type === "credit" && x.holdId === t.holdId) < k)
      issue(["tenders", k, "holdId"], "this hold is already another tender");
    if (t.type !== "card" && t.amountMinor === 0) issue(["tenders", k, "amountMinor"], "must be more than 0");
    if (t.currency !== b.currency)
      issue(["tenders", k, "currency"], `must be the charge currency ${b.currency}, not ${t.currency}`);
  });
  const paid = sum(b.tenders.map((t) => t.amountMinor));
  if (paid !== b.totalMinor)
    issue(
      ["tenders"],
      `the tenders add up to ${money(paid, b.currency)}, not totalMinor ${money(b.totalMinor, b.currency)}`,
    );
}

/** Every part of an item ends after it starts; a flight's segments follow one another. */
function checkTimes(item: IntakeItem, at: Path, issue: (path: Path, message: string) => void) {
  if (item.category === "flight") {
    item.segments.forEach((s, k) => {
      const path = [...at, "segments", k];
      if (ms(s.arrival) <= ms(s.departure)) issue([...path, "arrival"], "arrives before it departs");
      const before = item.segments[k - 1];
      if (before && ms(s.departure) < ms(before.arrival))
        issue([...path, "departure"], `departs before segment ${k - 1} arrives`);
    });
    return;
  }
  const { start, end } = itemTimes(item);
  const field = { hotel: "checkOut", car: "dropoff", experience: "end" }[item.category];
  if (ms(end) <= ms(start)) issue([...at, field], "ends before it starts");
}

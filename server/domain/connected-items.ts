// Whether a moved flight still fits the items that depend on it (a hotel, a car, an experience at
// the destination). Pure: instants in UTC, the hotel's night boundary in the hotel's own zone.
import { formatLocal, instantOf } from "./zones";

export type Dependent = {
  id: string;
  category: "hotel" | "car" | "experience" | "flight";
  startAt: Date;
  /** IANA zone of the item's start (the hotel's zone for a check-in). */
  startZone: string | null;
};

export type Conflict = { itemId: string; category: Dependent["category"]; problem: string };

const HOUR = 3_600_000;
const localDate = (at: Date, zone: string) => formatLocal(at.getTime(), zone).slice(0, 10);

/**
 * Conflicts between a flight's new arrival and its dependants:
 * - hotel: arriving after the end of the check-in day, in the hotel's zone, loses the first night;
 * - car: arriving more than an hour after the pick-up time (desks hold a car about that long);
 * - experience: arriving less than two hours before it starts (no time to reach it).
 */
export function connectedItemConflicts(arrival: Date, dependents: readonly Dependent[]): Conflict[] {
  const out: Conflict[] = [];
  for (const d of dependents) {
    if (d.category === "hotel" && d.startZone) {
      const endOfCheckInDay = instantOf({ local: `${localDate(d.startAt, d.startZone)}T23:59`, zone: d.startZone });
      if (arrival.getTime() > endOfCheckInDay.getTime())
        out.push({
          itemId: d.id,
          category: d.category,
          problem: "The flight now lands after the check-in day: the first night would be lost",
        });
    } else if (d.category === "car" && arrival.getTime() > d.startAt.getTime() + HOUR) {
      out.push({
        itemId: d.id,
        category: d.category,
        problem: "The flight now lands more than an hour after the car pick-up time",
      });
    } else if (d.category === "experience" && arrival.getTime() > d.startAt.getTime() - 2 * HOUR) {
      out.push({
        itemId: d.id,
        category: d.category,
        problem: "The flight now lands less than two hours before the experience starts",
      });
    }
  }
  return out;
}

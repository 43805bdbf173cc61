import { describe, expect, it } from "vitest";
import { connectedItemConflicts } from "./connected-items";

const at = (iso: string) => new Date(iso);

describe("connected items after a flight moves", () => {
  it("a hotel loses its first night only when the arrival passes midnight in the hotel's zone", () => {
    // Check-in 2027-03-10 15:00 in Tokyo (UTC+9) = 06:00Z; the check-in day ends 14:59Z.
    const hotel = { id: "h", category: "hotel" as const, startAt: at("2027-03-10T06:00:00Z"), startZone: "Asia/Tokyo" };
    expect(connectedItemConflicts(at("2027-03-10T14:58:00Z"), [hotel])).toEqual([]);
    expect(connectedItemConflicts(at("2027-03-10T15:00:00Z"), [hotel])).toHaveLength(1);
  });

  it("a car waits an hour; an experience needs two hours' margin", () => {
    const car = { id: "c", category: "car" as const, startAt: at("2027-03-10T10:00:00Z"), startZone: "Europe/Paris" };
    const exp = {
      id: "e",
      category: "experience" as const,
      startAt: at("2027-03-10T14:00:00Z"),
      startZone: "Europe/Paris",
    };
    expect(connectedItemConflicts(at("2027-03-10T11:00:00Z"), [car, exp])).toEqual([]);
    expect(connectedItemConflicts(at("2027-03-10T12:01:00Z"), [car, exp]).map((c) => c.itemId)).toEqual(["c", "e"]);
  });

  it("reads the hotel's day across a DST change in its own zone", () => {
    // New York springs forward on 2027-03-14: the check-in day ends 23:59 EDT = 03:59Z next day.
    const hotel = {
      id: "h",
      category: "hotel" as const,
      startAt: at("2027-03-14T19:00:00Z"),
      startZone: "America/New_York",
    };
    expect(connectedItemConflicts(at("2027-03-15T03:58:00Z"), [hotel])).toEqual([]);
    expect(connectedItemConflicts(at("2027-03-15T04:00:00Z"), [hotel])).toHaveLength(1);
  });
});

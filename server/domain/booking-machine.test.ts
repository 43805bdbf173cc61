import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  bookingTransitions,
  canRebook,
  statusAgreesWithItems,
  canTransitionBooking,
  canTransitionItem,
  derivedCancellationStatus,
  disputableStatuses,
  finalItemStatuses,
  itemTransitions,
} from "./booking-machine";
import { bookingStatuses, itemStatuses, type BookingStatus, type ItemStatus } from "./statuses";

// The expected machines are written here from the text of docs/architecture.md ("Lifecycle",
// "Second wave") and the spec's isValidStatusTransition, not copied from the implementation.

// ---------- Booking machine ----------

// The spec's table, verbatim, minus its `failed` (docs/architecture.md: it does not exist; a pending booking
// that fails is `cancelled` with a reason).
const specBookingTable: Record<BookingStatus, BookingStatus[]> = {
  pending: ["confirmed", "cancelled"],
  confirmed: ["ticketed", "modified", "cancelled", "completed", "no_show", "disputed"],
  ticketed: ["modified", "cancelled", "completed", "no_show", "disputed"],
  modified: ["ticketed", "cancelled", "completed", "no_show", "disputed"],
  partially_cancelled: ["cancelled", "completed", "disputed"],
  cancelled: ["refunded", "disputed"],
  completed: ["disputed"],
  no_show: ["disputed"],
  disputed: ["confirmed", "cancelled", "refunded"],
  refunded: [],
};

/** docs/architecture.md's corrections applied to the spec's table. */
function expectedBookingTable(): Record<BookingStatus, Set<BookingStatus>> {
  const t = Object.fromEntries(bookingStatuses.map((s) => [s, new Set(specBookingTable[s])])) as Record<
    BookingStatus,
    Set<BookingStatus>
  >;
  // "plus confirmed|ticketed|modified → partially_cancelled"
  for (const s of ["confirmed", "ticketed", "modified"] as const) t[s].add("partially_cancelled");
  // Second wave: "pending → partially_cancelled" and "partially_cancelled → no_show"
  t.pending.add("partially_cancelled");
  t.partially_cancelled.add("no_show");
  // "disputed returns to the status held before the dispute when won": any status a booking can be
  // disputed from; when lost it may also become refunded.
  const disputable = bookingStatuses.filter((s) => t[s].has("disputed"));
  t.disputed = new Set<BookingStatus>([...disputable, "refunded"]);
  return t;
}
const expectedBooking = expectedBookingTable();
const expectedDisputable: BookingStatus[] = [
  "confirmed",
  "ticketed",
  "modified",
  "partially_cancelled",
  "cancelled",
  "completed",
  "no_show",
];

const bookingPairs = bookingStatuses.flatMap((from) =>
  bookingStatuses.map((to) => ({ from, to, allowed: expectedBooking[from].has(to) })),
);

describe("booking machine", () => {
  it("has a row for every status and no unknown target", () => {
    expect(Object.keys(bookingTransitions).sort()).toEqual([...bookingStatuses].sort());
    for (const s of bookingStatuses) for (const t of bookingTransitions[s]) expect(bookingStatuses).toContain(t);
  });

  it("covers all 100 ordered pairs", () => {
    expect(bookingPairs).toHaveLength(bookingStatuses.length ** 2);
  });

  it.each(bookingPairs)("$from → $to allowed=$allowed (no dispute context)", ({ from, to, allowed }) => {
    expect(canTransitionBooking(from, to)).toBe(allowed);
    expect(canTransitionBooking(from, to, null)).toBe(allowed);
  });

  it("the disputable statuses are exactly those docs/architecture.md allows a dispute from", () => {
    expect([...disputableStatuses].sort()).toEqual([...expectedDisputable].sort());
    expect(expectedBooking.pending.has("disputed")).toBe(false);
    expect(expectedBooking.refunded.size).toBe(0);
  });

  it("the spec's `failed` is gone", () => {
    expect(bookingStatuses as readonly string[]).not.toContain("failed");
  });

  // From disputed, with the status held before the dispute known: only back there, or refunded.
  const disputedPairs = bookingStatuses.flatMap((before) =>
    bookingStatuses.map((to) => ({
      before,
      to,
      allowed: to === "refunded" || (to === before && expectedBooking.disputed.has(to)),
    })),
  );
  it.each(disputedPairs)("disputed → $to with beforeDispute=$before allowed=$allowed", ({ before, to, allowed }) => {
    expect(canTransitionBooking("disputed", to, before)).toBe(allowed);
  });

  it("beforeDispute only matters when leaving disputed", () => {
    for (const { from, to, allowed } of bookingPairs) {
      if (from === "disputed") continue;
      for (const before of bookingStatuses) expect(canTransitionBooking(from, to, before)).toBe(allowed);
    }
  });

  it("the rebooking edge is not in the table: only the rebooking writer may take it (canRebook)", () => {
    for (const s of bookingStatuses) {
      expect(canRebook(s)).toBe(s === "cancelled" || s === "partially_cancelled" || s === "refunded");
      if (canRebook(s)) expect(canTransitionBooking(s, "modified")).toBe(false);
    }
  });

  it("a lost dispute may always end in refunded", () => {
    for (const before of expectedDisputable) expect(canTransitionBooking("disputed", "refunded", before)).toBe(true);
  });
});

// ---------- Item machine ----------

const active: ItemStatus[] = ["confirmed", "ticketed", "modified"];
const finals: ItemStatus[] = ["cancelled", "provider_cancelled", "completed", "no_show"];

/**
 * Allowed item transitions per docs/architecture.md ("Lifecycle"), given the status held before `schedule_changed`.
 * - pending → confirmed | cancelled
 * - confirmed | ticketed | modified → ticketed | modified | schedule_changed | cancelled |
 *   provider_cancelled | completed | no_show (ticketed never back to confirmed)
 * - schedule_changed → its previous status (accepted), cancelled (rejected), another
 *   schedule_changed, or provider_cancelled
 * - cancelled, provider_cancelled, completed, no_show are final.
 */
function expectedItemAllowed(from: ItemStatus, to: ItemStatus, previous?: ItemStatus | null): boolean {
  if (finals.includes(from)) return false;
  // Second wave: pending → provider_cancelled (refused at intake)
  if (from === "pending") return to === "confirmed" || to === "cancelled" || to === "provider_cancelled";
  if (active.includes(from)) {
    return [
      "ticketed",
      "modified",
      "schedule_changed",
      "cancelled",
      "provider_cancelled",
      "completed",
      "no_show",
    ].includes(to);
  }
  // from === "schedule_changed"
  // Second wave: schedule_changed → no_show
  if (to === "cancelled" || to === "schedule_changed" || to === "provider_cancelled" || to === "no_show") return true;
  if (active.includes(to)) return previous === to;
  return false;
}

const itemPairs = itemStatuses.flatMap((from) =>
  itemStatuses.map((to) => ({ from, to, allowed: expectedItemAllowed(from, to) })),
);

describe("item machine", () => {
  it("has a row for every status and no unknown target", () => {
    expect(Object.keys(itemTransitions).sort()).toEqual([...itemStatuses].sort());
    for (const s of itemStatuses) for (const t of itemTransitions[s]) expect(itemStatuses).toContain(t);
  });

  it("covers all 81 ordered pairs", () => {
    expect(itemPairs).toHaveLength(itemStatuses.length ** 2);
  });

  it.each(itemPairs)("$from → $to allowed=$allowed (no previous)", ({ from, to, allowed }) => {
    expect(canTransitionItem(from, to)).toBe(allowed);
    expect(canTransitionItem(from, to, null)).toBe(allowed);
  });

  // schedule_changed → X for every possible `previous`.
  const schedulePairs = itemStatuses.flatMap((previous) =>
    itemStatuses.map((to) => ({ previous, to, allowed: expectedItemAllowed("schedule_changed", to, previous) })),
  );
  it.each(schedulePairs)(
    "schedule_changed → $to with previous=$previous allowed=$allowed",
    ({ previous, to, allowed }) => {
      expect(canTransitionItem("schedule_changed", to, previous)).toBe(allowed);
    },
  );

  it("previous only matters when leaving schedule_changed", () => {
    for (const { from, to, allowed } of itemPairs) {
      if (from === "schedule_changed") continue;
      for (const previous of itemStatuses) expect(canTransitionItem(from, to, previous)).toBe(allowed);
    }
  });

  it("final statuses have no way out", () => {
    expect([...finalItemStatuses].sort()).toEqual([...finals].sort());
    for (const from of finals) {
      for (const to of itemStatuses)
        for (const previous of [undefined, null, ...itemStatuses]) {
          expect(canTransitionItem(from, to, previous)).toBe(false);
        }
    }
  });

  it("ticketed never goes back to confirmed, even through a schedule change", () => {
    for (const previous of [undefined, null, ...itemStatuses]) {
      expect(canTransitionItem("ticketed", "confirmed", previous)).toBe(false);
      expect(canTransitionItem("modified", "confirmed", previous)).toBe(false);
    }
    expect(canTransitionItem("schedule_changed", "confirmed", "ticketed")).toBe(false);
    expect(canTransitionItem("schedule_changed", "ticketed", "ticketed")).toBe(true);
  });

  it("a schedule change cannot complete without being accepted first, but its traveler may not show", () => {
    for (const previous of [undefined, null, ...itemStatuses]) {
      expect(canTransitionItem("schedule_changed", "completed", previous)).toBe(false);
      expect(canTransitionItem("schedule_changed", "no_show", previous)).toBe(true);
      expect(canTransitionItem("schedule_changed", "pending", previous)).toBe(false);
    }
  });
});

describe("derivedCancellationStatus", () => {
  it.each([
    { items: [] as ItemStatus[], want: null },
    { items: ["confirmed"] as ItemStatus[], want: null },
    { items: ["confirmed", "ticketed", "completed", "no_show", "schedule_changed"] as ItemStatus[], want: null },
    { items: ["cancelled"] as ItemStatus[], want: "cancelled" },
    { items: ["provider_cancelled"] as ItemStatus[], want: "cancelled" },
    { items: ["cancelled", "provider_cancelled"] as ItemStatus[], want: "cancelled" },
    { items: ["cancelled", "confirmed"] as ItemStatus[], want: "partially_cancelled" },
    { items: ["ticketed", "provider_cancelled"] as ItemStatus[], want: "partially_cancelled" },
    { items: ["completed", "cancelled"] as ItemStatus[], want: "partially_cancelled" },
  ])("$items → $want", ({ items, want }) => {
    expect(derivedCancellationStatus(items)).toBe(want);
  });

  it("is cancelled iff every item is cancelled (either kind), partial iff some are", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...itemStatuses), { minLength: 1, maxLength: 12 }), (items) => {
        const isCancelled = (s: ItemStatus) => s === "cancelled" || s === "provider_cancelled";
        const n = items.filter(isCancelled).length;
        const want = n === 0 ? null : n === items.length ? "cancelled" : "partially_cancelled";
        expect(derivedCancellationStatus(items)).toBe(want);
        // Order does not matter.
        expect(derivedCancellationStatus([...items].reverse())).toBe(want);
      }),
    );
  });
});

// ---------- Random walks ----------

describe("random walks", () => {
  it("item: every step taken is allowed, final states are never left, schedule changes return to where they came from", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<ItemStatus>("pending", "confirmed"),
        fc.array(fc.nat(), { maxLength: 40 }),
        (start, choices) => {
          let status: ItemStatus = start;
          let previous: ItemStatus | null = null;
          for (const c of choices) {
            const options = itemStatuses.filter((to) => canTransitionItem(status, to, previous));
            // The implementation's options are exactly the expected ones.
            expect(options).toEqual(itemStatuses.filter((to) => expectedItemAllowed(status, to, previous)));
            if (finals.includes(status)) {
              expect(options).toEqual([]);
              break;
            }
            expect(options.length).toBeGreaterThan(0);
            const to = options[c % options.length];
            expect(expectedItemAllowed(status, to, previous)).toBe(true);
            if (status === "schedule_changed" && active.includes(to)) expect(to).toBe(previous);
            // Entering a schedule change remembers the status it interrupted; a second change keeps it.
            if (to === "schedule_changed" && status !== "schedule_changed") previous = status;
            status = to;
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it("booking: every step taken is allowed, refunded is never left, a won dispute returns to where it came from", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<BookingStatus>("pending", "confirmed"),
        fc.array(fc.nat(), { maxLength: 40 }),
        (start, choices) => {
          let status: BookingStatus = start;
          let beforeDispute: BookingStatus | null = null;
          for (const c of choices) {
            const options = bookingStatuses.filter((to) => canTransitionBooking(status, to, beforeDispute));
            if (status === "refunded") {
              expect(options).toEqual([]);
              break;
            }
            expect(options.length).toBeGreaterThan(0);
            const to = options[c % options.length];
            expect(expectedBooking[status].has(to)).toBe(true);
            if (status === "disputed") {
              expect(to === "refunded" || to === beforeDispute).toBe(true);
              expect(options.sort()).toEqual([beforeDispute!, "refunded"].sort());
            }
            if (to === "disputed") beforeDispute = status;
            status = to;
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("statusAgreesWithItems", () => {
  it("a cancelled kind exactly when its items say so; statuses past cancellation keep their own", () => {
    expect(statusAgreesWithItems("cancelled", ["cancelled", "provider_cancelled"])).toBe(true);
    expect(statusAgreesWithItems("partially_cancelled", ["cancelled", "confirmed"])).toBe(true);
    expect(statusAgreesWithItems("partially_cancelled", ["confirmed", "confirmed"])).toBe(false);
    expect(statusAgreesWithItems("cancelled", ["cancelled", "confirmed"])).toBe(false);
    expect(statusAgreesWithItems("confirmed", ["cancelled"])).toBe(false);
    expect(statusAgreesWithItems("confirmed", ["confirmed", "ticketed"])).toBe(true);
    for (const s of ["disputed", "refunded", "completed", "no_show"] as const)
      expect(statusAgreesWithItems(s, ["cancelled", "completed"])).toBe(true);
  });
});

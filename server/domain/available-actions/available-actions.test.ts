import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import {
  bookingStatuses,
  cancellationStatuses,
  itemCategories,
  itemStatuses,
  type BookingStatus,
  type ItemStatus,
} from "../statuses";
import {
  actionNames,
  assertAllowed,
  availableActions,
  refusalOf,
  type ActionInput,
  type ActionItem,
  type ActionName,
  type ActionViewer,
} from ".";

// The expectations are written from the rules as the portal states them (and DESIGN.md's viewer
// rules), not read back from the implementation.

const now = new Date("2031-03-01T12:00:00Z");
const day = 86_400_000;
const BOOKING = "00000000-0000-4000-8000-00000000000b";
const USER = "00000000-0000-4000-8000-0000000000a1";

function item(status: ItemStatus, over: Partial<ActionItem> = {}): ActionItem {
  return {
    id: `item-${status}`,
    status,
    category: "flight",
    startAt: new Date(now.getTime() + 30 * day),
    providerBookingId: "PNR-1",
    travelerIndices: [],
    refundEligible: true,
    ...over,
  };
}

function input(status: BookingStatus, items: ActionItem[], viewer: ActionViewer, over: Partial<ActionInput> = {}) {
  return {
    booking: {
      id: BOOKING,
      status,
      userId: USER,
      isModifiable: true,
      modificationDeadline: null,
      travelerCount: 2,
      documentCount: 1,
    },
    items,
    open: { cancellation: null, changesUnderWay: [] },
    viewer,
    now,
    ...over,
  } satisfies ActionInput;
}

const viewers = {
  traveler: { kind: "traveler", userId: USER },
  guest: { kind: "guest", bookingId: BOOKING },
  "guest of another booking": { kind: "guest", bookingId: "00000000-0000-4000-8000-0000000000ff" },
  ops: { kind: "ops", userId: "ops-1" },
  "ops for the traveler": { kind: "ops", userId: "ops-1", onBehalfOf: USER },
  "ops for the guest": { kind: "ops", userId: "ops-1", onBehalfOf: `guest:${BOOKING}` },
  "ops for someone else": { kind: "ops", userId: "ops-1", onBehalfOf: "00000000-0000-4000-8000-0000000000ee" },
} satisfies Record<string, ActionViewer>;
type ViewerName = keyof typeof viewers;
const owners: ViewerName[] = ["traveler", "guest", "ops for the traveler", "ops for the guest"];

type Expect = true | [code: string, reason: string];
const open = ["confirmed", "ticketed", "modified", "partially_cancelled"];
const live = ["confirmed", "ticketed", "modified"];
const spoken = (s: string) => s.replaceAll("_", " ");

/** One booking (fare changeable, no deadline, documents issued) with one future flight item, no open requests. */
function expected(action: ActionName, b: BookingStatus, i: ItemStatus, v: ViewerName): Expect {
  if (v === "guest of another booking") return ["forbidden", "This is not the booking you looked up"];
  if (v === "ops for someone else") return ["forbidden", "This booking does not belong to the traveler you act for"];
  const owner = owners.includes(v);
  // With no item the action is about (all cancelled or used), the action says so for the booking.
  const itemChange = (none: string): Expect =>
    i === "schedule_changed"
      ? ["conflict", "Answer this item's schedule change first"]
      : live.includes(i)
        ? true
        : ["conflict", none];
  switch (action) {
    case "cancel":
    case "waive_cancellation_fees":
      if (action === "waive_cancellation_fees" && owner)
        return ["forbidden", "Only support can waive cancellation fees"];
      if (!open.includes(b)) return ["conflict", `A ${spoken(b)} booking cannot be cancelled here`];
      return ["pending", ...live, "schedule_changed"].includes(i)
        ? true
        : ["conflict", "Nothing left to cancel on this booking"];
    case "take_refund_as_credit":
      // Travel credit needs an account: never a guest (issue 23); support only acting for the traveler.
      if (v === "ops") return ["forbidden", "Only the traveler (or support acting for them) chooses credit"];
      if (v === "guest" || v === "ops for the guest")
        return ["forbidden", "Travel credit is kept on an account: sign in to take your refund as credit"];
      return expected("cancel", b, i, v);
    case "change_name":
    case "change_dates":
    case "special_request":
      if (!owner) return ["forbidden", "Act on behalf of the traveler to change their booking"];
      if (!open.includes(b)) return ["conflict", `A ${spoken(b)} booking cannot be changed`];
      if (action === "change_name") return itemChange("No booked item carries a traveler of this booking");
      if (action === "change_dates") return itemChange("No item of this booking can be moved to other dates");
      return itemChange("No item of this booking takes requests");
    case "update_contact":
      if (!owner) return ["forbidden", "Act on behalf of the traveler to change their booking"];
      return open.includes(b) ? true : ["conflict", `A ${spoken(b)} booking cannot be changed`];
    case "accept_schedule_change":
    case "reject_schedule_change":
      if (!owner) return ["forbidden", "Act on behalf of the traveler to answer a schedule change"];
      return i === "schedule_changed" ? true : ["conflict", "No schedule change is waiting for an answer"];
    case "resend_documents":
      return owner ? true : ["forbidden", "Act on behalf of the traveler to e-mail their documents"];
    case "generate_documents":
      if (owner) return ["forbidden", "Only support can generate documents"];
      return b === "pending" ? ["conflict", "A pending booking has no documents to issue"] : true;
  }
}

const verdict = (a: { allowed: boolean; code?: string; reason?: string }): Expect =>
  a.allowed ? true : [a.code!, a.reason!];

/** The item's own verdict in a per-item action (the booking's refusal when the booking refuses). */
function expectedItem(action: ActionName, b: BookingStatus, i: ItemStatus, v: ViewerName): Expect {
  const whole = expected(action, b, i, v);
  if (whole === true) return true;
  const [, reason] = whole;
  if (action.includes("cancel") && reason === "Nothing left to cancel on this booking")
    return [
      "invalid",
      i === "completed"
        ? "This item has already been used"
        : i === "no_show"
          ? "This item was a no-show and cannot be cancelled"
          : "This item is already cancelled",
    ];
  if (action === "change_dates" && reason.startsWith("No item"))
    return ["conflict", `A ${spoken(i)} item cannot be moved to other dates`];
  if (action === "change_name" && reason.startsWith("No booked item"))
    return ["conflict", `A ${spoken(i)} item cannot take a name change`];
  if (action === "special_request" && reason.startsWith("No item"))
    return ["conflict", `A ${spoken(i)} item takes no requests`];
  if (action.endsWith("schedule_change") && reason === "No schedule change is waiting for an answer")
    return ["conflict", "No schedule change is waiting for your answer on this item"];
  return whole;
}

describe("every booking status × item status × viewer", () => {
  const cases = bookingStatuses.flatMap((b) =>
    itemStatuses.flatMap((i) => (Object.keys(viewers) as ViewerName[]).map((v) => [b, i, v] as const)),
  );
  it.each(cases)("%s booking, %s item, %s", (b, i, v) => {
    const actions = availableActions(input(b, [item(i)], viewers[v]));
    expect(Object.keys(actions)).toEqual([...actionNames]);
    for (const name of actionNames) {
      expect([name, verdict(actions[name])]).toEqual([name, expected(name, b, i, v)]);
      const items = actions[name].items;
      if (items) expect([name, items.map(verdict)]).toEqual([name, [expectedItem(name, b, i, v)]]);
    }
  });
});

describe("the rules one by one", () => {
  const traveler = viewers.traveler;
  it("a change made with a provider obeys the fare, its deadline and open requests; contact updates do not", () => {
    const items = [item("confirmed")];
    const cases: [Partial<ActionInput>, string][] = [
      [{ open: { cancellation: "processing", changesUnderWay: [] } }, "This booking is being cancelled"],
      [
        { open: { cancellation: null, changesUnderWay: [{ id: "m", status: "awaiting_payment", itemId: null }] } },
        "Another change to this booking is waiting for payment: complete or cancel it first",
      ],
      [
        { open: { cancellation: null, changesUnderWay: [{ id: "m", status: "submitted", itemId: "x" }] } },
        "Another change to this booking is being made with the provider: try again once it is done",
      ],
    ];
    for (const [over, reason] of cases) {
      const a = availableActions(input("confirmed", items, traveler, over));
      for (const name of ["change_name", "change_dates", "special_request"] as const)
        expect(verdict(a[name])).toEqual(["conflict", reason]);
      expect(a.update_contact.allowed).toBe(true);
    }
    const fare = input("confirmed", items, traveler);
    fare.booking.isModifiable = false;
    expect(verdict(availableActions(fare).change_dates)).toEqual([
      "conflict",
      "This booking's fare does not allow changes",
    ]);
    expect(availableActions(fare).update_contact.allowed).toBe(true);
    for (const [offset, allowed] of [
      [0, false],
      [-1, false],
      [1, true],
    ] as const) {
      const d = input("confirmed", items, traveler);
      d.booking.modificationDeadline = new Date(now.getTime() + offset);
      const a = availableActions(d);
      expect(verdict(a.change_name)).toEqual(
        allowed ? true : ["conflict", "The deadline for changes to this booking has passed"],
      );
    }
    // A quote not yet confirmed stands in nobody's way.
    const quoted = availableActions(
      input("confirmed", items, traveler, { open: { cancellation: "awaiting_confirmation", changesUnderWay: [] } }),
    );
    expect([quoted.cancel.allowed, quoted.change_dates.allowed, quoted.reject_schedule_change.allowed]).toEqual([
      true,
      true,
      false, // (no schedule change waiting)
    ]);
  });

  it("cancel: refused while a cancellation is under way or a change is being made; a change waiting for payment does not block it", () => {
    const items = [item("confirmed")];
    for (const c of cancellationStatuses) {
      const a = availableActions(
        input("confirmed", items, traveler, { open: { cancellation: c, changesUnderWay: [] } }),
      );
      const blocking = ["pending", "calculating", "processing", "partial"].includes(c);
      expect(verdict(a.cancel)).toEqual(
        blocking ? ["conflict", `A cancellation of this booking is already ${c}`] : true,
      );
    }
    const paying = availableActions(
      input("confirmed", items, viewers.ops, {
        open: { cancellation: null, changesUnderWay: [{ id: "m", status: "awaiting_payment", itemId: null }] },
      }),
    );
    expect([paying.cancel.allowed, paying.waive_cancellation_fees.allowed]).toEqual([true, true]);
    const making = availableActions(
      input("confirmed", items, viewers.ops, {
        open: { cancellation: null, changesUnderWay: [{ id: "m", status: "submitted", itemId: null }] },
      }),
    );
    expect(verdict(making.waive_cancellation_fees)).toEqual([
      "conflict",
      "A change to this booking is being made with the provider: cancel once it is done",
    ]);
  });

  it("per-item actions list every item with its own reason; the action is allowed when one qualifies", () => {
    const past = item("confirmed", { id: "past", startAt: new Date(now.getTime() - day) });
    const undated = item("confirmed", { id: "undated", startAt: null });
    const unbooked = item("pending", { id: "unbooked", providerBookingId: null });
    const gone = item("completed", { id: "gone" });
    const a = availableActions(input("modified", [past, undated, unbooked, gone], traveler));
    expect(a.change_dates).toMatchObject({
      allowed: false,
      code: "conflict",
      reason: "This item has already started",
      items: [
        { itemId: "past", allowed: false, reason: "This item has already started" },
        { itemId: "undated", allowed: false, reason: "This item has no dates to change" },
        { itemId: "unbooked", allowed: false, reason: "A pending item cannot be moved to other dates" },
        { itemId: "gone", allowed: false, reason: "A completed item cannot be moved to other dates" },
      ],
    });
    // Past items still take requests (a late check-out), and the pending one can be cancelled.
    expect(a.special_request.items!.filter((i) => i.allowed).map((i) => i.itemId)).toEqual(["past", "undated"]);
    expect(a.cancel.items!.map((i) => [i.itemId, i.allowed])).toEqual([
      ["past", true],
      ["undated", true],
      ["unbooked", true],
      ["gone", false],
    ]);
    expect(refusalOf(a, "cancel", { itemId: "gone" })).toEqual({
      allowed: false,
      code: "invalid",
      reason: "This item has already been used",
    });
    const booked = item("ticketed", { id: "booked", providerBookingId: null });
    expect(
      refusalOf(availableActions(input("confirmed", [booked], traveler)), "special_request", { itemId: "booked" }),
    ).toMatchObject({ reason: "This item is not booked with its provider yet" });
  });

  it("name changes: only travelers a booked item carries", () => {
    const flight = item("ticketed", { id: "f", travelerIndices: [0] });
    const hotel = item("cancelled", { id: "h", travelerIndices: [1] });
    const a = availableActions(input("partially_cancelled", [flight, hotel], traveler));
    expect(a.change_name.travelerIndices).toEqual([0]);
    expect(refusalOf(a, "change_name", { travelerIndex: 0 })).toBeNull();
    expect(refusalOf(a, "change_name", { travelerIndex: 1 })).toEqual({
      allowed: false,
      code: "conflict",
      reason: "No booked item carries this traveler",
    });
  });

  it("schedule changes: only a change that entitles the traveler to it can be rejected; not while a cancellation runs", () => {
    const minor = item("schedule_changed", { id: "minor", refundEligible: false });
    const major = item("schedule_changed", { id: "major", refundEligible: true });
    const onlyMinor = availableActions(input("ticketed", [minor], traveler));
    expect(onlyMinor.accept_schedule_change.allowed).toBe(true);
    expect(verdict(onlyMinor.reject_schedule_change)).toEqual([
      "invalid",
      "This change does not entitle you to a free cancellation: accept it, or cancel the booking under its fare rules",
    ]);
    const both = availableActions(input("ticketed", [minor, major], traveler));
    expect(both.reject_schedule_change.items!.map((i) => i.allowed)).toEqual([false, true]);
    const cancelling = availableActions(
      input("ticketed", [major], traveler, { open: { cancellation: "partial", changesUnderWay: [] } }),
    );
    expect(verdict(cancelling.reject_schedule_change)).toEqual(["conflict", "This booking is being cancelled"]);
    expect(cancelling.accept_schedule_change.allowed).toBe(true);
  });

  it("documents: resent only when there are some", () => {
    const none = input("confirmed", [item("confirmed")], viewers.guest);
    none.booking.documentCount = 0;
    expect(verdict(availableActions(none).resend_documents)).toEqual(["conflict", "This booking has no documents yet"]);
  });

  it("ops for a booking without an account acts as its guest; for a traveler only on that traveler's booking", () => {
    const noAccount = input("confirmed", [item("confirmed")], { kind: "ops", userId: "o", onBehalfOf: USER });
    noAccount.booking.userId = null;
    expect(verdict(availableActions(noAccount).cancel)).toEqual([
      "forbidden",
      "This booking does not belong to the traveler you act for",
    ]);
  });

  it("assertAllowed throws the refusal as a DomainError with the same code and words", () => {
    const a = availableActions(input("cancelled", [item("cancelled")], traveler));
    const thrown = (() => {
      try {
        assertAllowed(a, "change_name", { travelerIndex: 0 });
      } catch (e) {
        return e;
      }
    })();
    expect(thrown).toBeInstanceOf(DomainError);
    expect(thrown).toMatchObject({ code: "conflict", message: "A cancelled booking cannot be changed" });
    expect(() => assertAllowed(a, "cancel")).toThrowError(DomainError);
    expect(() =>
      assertAllowed(availableActions(input("confirmed", [item("confirmed")], traveler)), "cancel"),
    ).not.toThrow();
  });
});

// ---------- properties over generated bookings ----------

const arbItem = fc.record({
  id: fc.uuid(),
  status: fc.constantFrom(...itemStatuses),
  category: fc.constantFrom(...itemCategories),
  startAt: fc.option(
    fc.integer({ min: -60, max: 60 }).map((d) => new Date(now.getTime() + d * day)),
    { nil: null },
  ),
  providerBookingId: fc.option(fc.constant("PNR"), { nil: null }),
  travelerIndices: fc.subarray([0, 1, 2]),
  refundEligible: fc.boolean(),
});
const arbFacts = fc.record({
  status: fc.constantFrom(...bookingStatuses),
  items: fc.array(arbItem, { maxLength: 4 }),
  isModifiable: fc.boolean(),
  deadline: fc.option(
    fc.integer({ min: -5, max: 5 }).map((d) => new Date(now.getTime() + d * day)),
    { nil: null },
  ),
  cancellation: fc.option(fc.constantFrom(...cancellationStatuses), { nil: null }),
  changes: fc.array(fc.constantFrom("awaiting_payment" as const, "submitted" as const), { maxLength: 2 }),
  documents: fc.nat(2),
});
type Facts = typeof arbFacts extends fc.Arbitrary<infer T> ? T : never;
const build = (f: Facts, viewer: ActionViewer): ActionInput => ({
  booking: {
    id: BOOKING,
    status: f.status,
    userId: USER,
    isModifiable: f.isModifiable,
    modificationDeadline: f.deadline,
    travelerCount: 3,
    documentCount: f.documents,
  },
  items: f.items,
  open: {
    cancellation: f.cancellation,
    changesUnderWay: f.changes.map((status, k) => ({ id: `m${k}`, status, itemId: null })),
  },
  viewer,
  now,
});

describe("properties", () => {
  it("ops on behalf of the traveler (or the guest) gets exactly the traveler's (or the guest's) actions", () => {
    fc.assert(
      fc.property(arbFacts, (f) => {
        expect(availableActions(build(f, viewers["ops for the traveler"]))).toEqual(
          availableActions(build(f, viewers.traveler)),
        );
        expect(availableActions(build(f, viewers["ops for the guest"]))).toEqual(
          availableActions(build(f, viewers.guest)),
        );
      }),
    );
  });

  it("a per-item action is allowed exactly when one of its items is, and lists every item once", () => {
    fc.assert(
      fc.property(arbFacts, fc.constantFrom(...(Object.keys(viewers) as ViewerName[])), (f, v) => {
        const a = availableActions(build(f, viewers[v]));
        for (const name of actionNames) {
          const items = a[name].items;
          if (!items) continue;
          expect(items.map((i) => i.itemId)).toEqual(f.items.map((i) => i.id));
          expect(a[name].allowed).toBe(items.some((i) => i.allowed));
          if (!a[name].allowed) expect(a[name].reason).toBeTruthy();
        }
      }),
    );
  });

  it("support never gets an owner's change, and an owner never support's", () => {
    fc.assert(
      fc.property(arbFacts, (f) => {
        const ops = availableActions(build(f, viewers.ops));
        const mine = availableActions(build(f, viewers.traveler));
        for (const name of ["change_name", "change_dates", "special_request", "update_contact"] as const)
          expect(ops[name]).toMatchObject({ allowed: false, code: "forbidden" });
        for (const name of ["waive_cancellation_fees", "generate_documents"] as const)
          expect(mine[name]).toMatchObject({ allowed: false, code: "forbidden" });
        // Cancelling is the same for both.
        expect(ops.cancel).toEqual(mine.cancel);
      }),
    );
  });
});

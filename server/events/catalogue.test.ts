import { describe, expect, it } from "vitest";
import type { Tx } from "@/db/client";
import { recordEvent } from "@/server/services/events/record-event";
import { assertEventPayload, catalogue, eventNames } from "./catalogue";

const id = "0b9c6a52-6f7e-4d2b-9a3e-5f1f2a7c9d10";

// Never called: tsc (npm test's typecheck) proves each @ts-expect-error line is an error.
export function compileTimeChecks(tx: Tx) {
  void recordEvent(tx, "cancellation/confirmed", { cancellationId: id, bookingId: id });
  // @ts-expect-error an event the catalogue does not declare
  void recordEvent(tx, "cancellation/vanished", { cancellationId: id, bookingId: id });
  // @ts-expect-error a field of the wrong type
  void recordEvent(tx, "cancellation/confirmed", { cancellationId: 42, bookingId: id });
  // @ts-expect-error a missing field
  void recordEvent(tx, "cancellation/confirmed", { cancellationId: id });
  // @ts-expect-error a field the payload does not have
  void recordEvent(tx, "cancellation/confirmed", { cancellationId: id, bookingId: id, refundId: id });
  // @ts-expect-error a value outside the field's enum
  void recordEvent(tx, "alert/raised", { alertId: id, severity: "urgent", source: "x", bookingId: null });
}

describe("event catalogue", () => {
  it("declares every name once", () => {
    expect(catalogue.size).toBe(Object.keys(eventNames).length);
  });

  it("rejects at run time what the types reject, naming the field", () => {
    expect(() => assertEventPayload("cancellation/confirmed", { cancellationId: id, bookingId: id })).not.toThrow();
    expect(() => assertEventPayload("cancellation/vanished", {})).toThrow(/not in the catalogue/);
    expect(() => assertEventPayload("cancellation/confirmed", { cancellationId: id })).toThrow(/bookingId/);
    expect(() =>
      assertEventPayload("item/status_changed", {
        itemId: id,
        bookingId: id,
        from: "confirmed",
        to: "teleported",
        actor: { kind: "system", id: null },
        reason: "x",
      }),
    ).toThrow(/to/);
  });

  it("takes the typed Actor in payloads that carry one", () => {
    const base = { itemId: id, bookingId: id, from: "confirmed", to: "ticketed", reason: "Ticketed" };
    expect(() => assertEventPayload("item/status_changed", { ...base, actor: { kind: "ops", id } })).not.toThrow();
    expect(() => assertEventPayload("item/status_changed", { ...base, actor: { kind: "robot", id } })).toThrow(/actor/);
  });
});

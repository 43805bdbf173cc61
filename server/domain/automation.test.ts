import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { conditionSchema, describeCondition, evaluateConditions, valueAt, type Condition } from "./automation";

const now = new Date("2025-06-01T12:00:00Z");
const ctx = {
  event: { to: "provider_cancelled", from: "ticketed", cancelled: ["a"] },
  booking: { status: "confirmed", travel_end_date: "2025-05-30T10:00:00.000Z", paidMinor: 120_00 },
  cancellation: { refundCalculation: { refundMinor: 0 }, refundId: null },
};
const holds = (c: Condition) => evaluateConditions([c], ctx, now).matched;

describe("automation conditions", () => {
  it("evaluates each operator on the named field", () => {
    expect(holds({ field: "event.to", operator: "equals", value: "provider_cancelled" })).toBe(true);
    expect(holds({ field: "event.to", operator: "not_equals", value: "provider_cancelled" })).toBe(false);
    expect(holds({ field: "booking.status", operator: "in", value: ["confirmed", "ticketed"] })).toBe(true);
    expect(holds({ field: "booking.status", operator: "not_in", value: ["confirmed"] })).toBe(false);
    expect(holds({ field: "booking.paidMinor", operator: "gt", value: 0 })).toBe(true);
    expect(holds({ field: "cancellation.refundCalculation.refundMinor", operator: "gt", value: 0 })).toBe(false);
    expect(holds({ field: "cancellation.refundCalculation.refundMinor", operator: "gte", value: 0 })).toBe(true);
    expect(holds({ field: "booking.travel_end_date", operator: "lt", value: "NOW()" })).toBe(true);
    expect(holds({ field: "booking.travel_end_date", operator: "gt", value: "NOW()" })).toBe(false);
    expect(holds({ field: "cancellation.refundId", operator: "exists", value: true })).toBe(false);
    expect(holds({ field: "cancellation.refundId", operator: "exists", value: false })).toBe(true);
    expect(holds({ field: "booking.missing", operator: "exists", value: true })).toBe(false);
  });

  it("never matches by accident: missing fields, mixed types and prototype paths do not hold", () => {
    expect(holds({ field: "booking.nothing.deeper", operator: "equals", value: null })).toBe(false);
    expect(holds({ field: "booking.status", operator: "gt", value: 0 })).toBe(false); // a string is not ordered against a number
    expect(holds({ field: "booking.paidMinor", operator: "equals", value: "12000" })).toBe(false); // no coercion
    expect(valueAt(ctx, "booking.constructor")).toBeUndefined();
    expect(valueAt(ctx, "__proto__.polluted")).toBeUndefined();
    expect(conditionSchema.safeParse({ field: "a;drop table", operator: "equals", value: 1 }).success).toBe(false);
    expect(conditionSchema.safeParse({ field: "a.b", operator: "eval", value: 1 }).success).toBe(false);
  });

  it("a conjunction: all must hold, and each result says why", () => {
    const r = evaluateConditions(
      [
        { field: "event.to", operator: "equals", value: "provider_cancelled" },
        { field: "booking.status", operator: "in", value: ["ticketed"] },
      ],
      ctx,
      now,
    );
    expect(r.matched).toBe(false);
    expect(r.results.map((x) => [x.holds, x.actual])).toEqual([
      [true, "provider_cancelled"],
      [false, "confirmed"],
    ]);
    expect(evaluateConditions([], ctx, now).matched).toBe(true);
  });

  it("gt and lt on numbers agree with arithmetic, and never both hold", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer(), (a, b) => {
        const c = { v: a };
        const gt = evaluateConditions([{ field: "v", operator: "gt", value: b }], c, now).matched;
        const lt = evaluateConditions([{ field: "v", operator: "lt", value: b }], c, now).matched;
        return gt === a > b && lt === a < b && !(gt && lt);
      }),
    );
  });

  it("reads as a sentence on the console", () => {
    expect(describeCondition({ field: "booking.status", operator: "in", value: ["confirmed", "ticketed"] })).toBe(
      "booking.status is one of confirmed, ticketed",
    );
    expect(describeCondition({ field: "cancellation.refundId", operator: "exists", value: true })).toBe(
      "cancellation.refundId is set",
    );
  });
});

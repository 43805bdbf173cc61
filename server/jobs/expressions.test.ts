import { expect, test } from "vitest";
import { evaluate, evaluateKey, UnsupportedExpression } from "./expressions";

const event = { name: "booking/cancelled", data: { bookingId: "b1", amount: 5, tags: { vip: true } } };

test("keys and comparisons the product uses", () => {
  expect(evaluateKey("event.data.bookingId", event)).toBe("b1");
  expect(evaluateKey("event.data.missing", event)).toBeNull();
  expect(
    evaluate("event.data.bookingId == async.data.bookingId", { event, async: { data: { bookingId: "b1" } } }),
  ).toBe(true);
  expect(
    evaluate("event.data.bookingId == async.data.bookingId", { event, async: { data: { bookingId: "b2" } } }),
  ).toBe(false);
  expect(evaluate("event.data.amount > 3 && event.data.tags.vip", { event })).toBe(true);
  expect(evaluate("!(event.data.amount >= 6) || false", { event })).toBe(true);
  expect(evaluate("event.data.function_id == 'fn-a'", { event: { data: { function_id: "fn-a" } } })).toBe(true);
});

test("what it cannot read is reported, not guessed", () => {
  expect(() => evaluate("size(event.data.items) > 0", { event })).toThrow(UnsupportedExpression);
  expect(() => evaluate("event.data.x in ['a']", { event })).toThrow(UnsupportedExpression);
});

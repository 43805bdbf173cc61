import { describe, expect, it } from "vitest";
import { intakeBody } from "@/tests/fixtures/intake";
import { importKey, importLineV1 } from "./import-v1";

// The import line's own checks (docs/architecture.md, "Imports"): each refusal names its field.

const at = "2027-04-01T10:00:00Z";
function line(over: Record<string, unknown> = {}, statuses: [string, string] = ["ticketed", "confirmed"]) {
  const b = intakeBody("unit");
  return { ...b, status: "confirmed", items: b.items.map((i, k) => ({ ...i, status: statuses[k] })), ...over };
}
const issues = (input: unknown) => {
  const r = importLineV1.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => [i.path.join("."), i.message]);
};

describe("importLineV1", () => {
  it("takes a line in its current status with its refunds, keyed by session id or platform id", () => {
    const ok = importLineV1.parse(
      line(
        {
          status: "partially_cancelled",
          refunds: [{ amountMinor: 56_000, currency: "EUR", refundedAt: at, itemIndex: 1 }],
        },
        ["ticketed", "cancelled"],
      ),
    );
    expect(ok.refunds[0].refundedAt).toEqual(new Date(at));
    expect(importKey(ok)).toBe("cs_test_unit");
    expect(importKey({ platformBookingId: "PB-1" })).toBe("platform:PB-1");
  });

  it("refuses disputed and pending with the reason, and a row without a key", () => {
    expect(issues(line({ status: "disputed" }))[0]).toEqual(["status", expect.stringMatching(/^a disputed booking/)]);
    expect(issues(line({ status: "pending" }))[0]).toEqual(["status", expect.stringMatching(/^a pending booking/)]);
    expect(issues(line({}, ["schedule_changed", "confirmed"]))[0]).toEqual([
      "items.0.status",
      expect.stringContaining("schedule change"),
    ]);
    expect(issues(line({ checkoutSessionId: undefined }))).toEqual([
      ["checkoutSessionId", expect.stringContaining("needs a key")],
    ]);
  });

  it("refuses a status its items contradict", () => {
    expect(issues(line({}, ["cancelled", "confirmed"]))).toEqual([["status", expect.stringContaining("disagrees")]]);
    expect(issues(line({ status: "cancelled" }, ["cancelled", "provider_cancelled"]))).toEqual([]);
  });

  it("holds refunds to the charge currency, each item's share, what was paid, and all of it when refunded", () => {
    const refund = (amountMinor: number, extra: object = {}) => ({
      amountMinor,
      currency: "EUR",
      refundedAt: at,
      ...extra,
    });
    expect(issues(line({ refunds: [refund(10, { currency: "USD" })] }))).toEqual([
      ["refunds.0.currency", expect.stringContaining("charge currency EUR")],
    ]);
    expect(issues(line({ refunds: [refund(56_001, { itemIndex: 1 })] }))).toEqual([
      ["refunds", expect.stringContaining("item 1's refunds")],
    ]);
    expect(issues(line({ refunds: [refund(10, { itemIndex: 2 })] }))).toEqual([
      ["refunds.0.itemIndex", expect.stringContaining("does not exist")],
    ]);
    expect(issues(line({ refunds: [refund(100_000), refund(54_001)] }))).toEqual([
      ["refunds", expect.stringContaining("more than was paid")],
    ]);
    expect(issues(line({ refunds: [refund(0)] }))[0][0]).toBe("refunds.0.amountMinor");
    expect(issues(line({ status: "refunded", refunds: [refund(100_000)] }, ["cancelled", "cancelled"]))).toEqual([
      ["refunds", expect.stringContaining("must add up to what was paid")],
    ]);
    expect(issues(line({ refunds: [refund(1, { refundedAt: "2027-02-30T10:00:00Z" })] }))).toEqual([
      ["refunds.0.refundedAt", expect.stringContaining("not a date on the calendar")],
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { generateBooking } from "./booking";
import { emptyBatch } from "./load";
import { showcase } from "./scenarios";

// The showcase promises things to act on in any demo, whatever the seed and the day it is made.
describe("the demo's showcase", () => {
  const days = [0, 3, 17, 45, 200].map((d) => Date.parse("2026-11-25T10:00:00Z") + d * 86_400_000 + d * 7_919_000);
  const cases = [1, 2, 7, 42, 99].flatMap((seed) => days.map((now) => ({ seed, now })));

  it("booking 2 is always a refund that failed three times and was escalated, of more than nothing", () => {
    expect(showcase[2].scenario).toBe("refund_failed");
    for (const ctx of cases) {
      const out = emptyBatch();
      generateBooking(ctx, 2, out);
      expect(
        out.refunds.map((r) => [r.status, r.retry_count]),
        `seed ${ctx.seed} at ${new Date(ctx.now).toISOString()}`,
      ).toEqual([["failed", 3]]);
      expect(Number(out.refunds[0].amount_minor)).toBeGreaterThan(0);
      expect(out.manual_follow_ups.map((f) => f.kind)).toContain("refund_failed");
    }
  });
});

// Every pair of dispute statuses, and replays in any order ending where the furthest status is.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { closedDisputeStatuses, disputeStatuses, type DisputeStatus } from "@/server/domain/statuses";
import { dueIn } from "@/app/ops/disputes/countdown";
import { penaltyText } from "./assemble-evidence";
import { decideDisputeMove, isClosed, outcomeOf } from "@/server/domain/dispute-machine";

const all = [...disputeStatuses] as DisputeStatus[];

describe("decideDisputeMove", () => {
  it("covers Stripe's statuses exactly", () => {
    for (const s of all) expect(decideDisputeMove(null, s)).toEqual({ kind: "advance", closes: isClosed(s) });
  });

  it("every pair: same is duplicate, out of a closed status nothing moves, a chargeback never becomes an inquiry", () => {
    const allowed = new Set([
      "warning_needs_response>warning_under_review",
      "warning_needs_response>needs_response",
      "warning_needs_response>under_review",
      "warning_needs_response>warning_closed",
      "warning_needs_response>won",
      "warning_needs_response>lost",
      "warning_under_review>needs_response",
      "warning_under_review>under_review",
      "warning_under_review>warning_closed",
      "warning_under_review>won",
      "warning_under_review>lost",
      "needs_response>under_review",
      "needs_response>warning_closed",
      "needs_response>won",
      "needs_response>lost",
      "under_review>warning_closed",
      "under_review>won",
      "under_review>lost",
    ]);
    for (const from of all)
      for (const to of all) {
        const m = decideDisputeMove(from, to);
        if (from === to) expect(m.kind).toBe("duplicate");
        else expect(m.kind, `${from}>${to}`).toBe(allowed.has(`${from}>${to}`) ? "advance" : "stale");
        if (m.kind === "advance") expect(m.closes).toBe(closedDisputeStatuses.includes(to));
      }
  });

  it("any delivery order of a dispute's events ends at the same status as in-order delivery", () => {
    const path: DisputeStatus[] = ["warning_needs_response", "needs_response", "under_review", "lost"];
    fc.assert(
      fc.property(
        fc.shuffledSubarray(path, { minLength: 1 }),
        fc.array(fc.nat(3), { maxLength: 6 }),
        (events, dups) => {
          const deliveries = [...events, ...dups.map((i) => events[i % events.length])];
          let current: DisputeStatus | null = null;
          for (const s of deliveries) if (decideDisputeMove(current, s).kind === "advance") current = s;
          const furthest = path.filter((s) => events.includes(s)).at(-1);
          expect(current).toBe(furthest);
        },
      ),
    );
  });

  it("outcomes", () => {
    expect(Object.fromEntries(all.map((s) => [s, outcomeOf(s)]))).toEqual({
      warning_needs_response: "pending",
      warning_under_review: "pending",
      warning_closed: "won",
      needs_response: "pending",
      under_review: "pending",
      won: "won",
      lost: "lost",
    });
  });
});

describe("labels", () => {
  it("penalties and countdowns", () => {
    expect(penaltyText({ kind: "percentage", bps: 1_250 }, "EUR")).toBe("12.5% of the item's price");
    expect(penaltyText({ kind: "fixed", minor: 5_000 }, "JPY")).toBe("a fixed fee of ¥5,000");
    expect(penaltyText({ kind: "nights", nights: 1 }, "EUR")).toBe("1 night");
    const now = Date.parse("2031-01-01T00:00:00Z");
    expect(dueIn(new Date(now + (2 * 24 + 5) * 3_600_000 + 59_000), now)).toEqual({ text: "in 2 d 5 h", tone: "soon" });
    expect(dueIn(new Date(now + 40 * 60_000), now)).toEqual({ text: "in 40 min", tone: "urgent" });
    expect(dueIn(new Date(now - 3 * 3_600_000), now)).toEqual({ text: "3 h 0 min overdue", tone: "overdue" });
    expect(dueIn(new Date(now + 80 * 3_600_000), now).tone).toBe("ok");
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "./errors";
import { allocate } from "./money";
import type { CancellationPolicy, Penalty } from "./policy";
import type { RefundQuote as StoredRefundQuote } from "@/db/schema/changes";
import { quoteItem, quoteRefund, type QuoteItemInput, type RefundQuote } from "./refund-quote";

// The quote is stored as cancellation_requests.refund_calculation: it must stay assignable.
const storable = (q: RefundQuote): StoredRefundQuote => q;

const hotel: CancellationPolicy = {
  refundable: true,
  zone: "America/New_York",
  processingFeeMinor: 0,
  tiers: [
    {
      fromLocal: "2026-03-07T18:00",
      penalty: { kind: "nights", nights: 1 },
      description: "One night after 18:00 the day before",
    },
    { fromLocal: "2026-03-08T15:00", penalty: { kind: "full" }, description: "No refund from check-in" },
  ],
};
const at = (iso: string) => new Date(iso);

describe("quoteItem: tiers and deadlines", () => {
  const item = { itemId: "h1", chargeShareMinor: 300_00, policy: hotel, nights: 3 };

  it("before the first tier is free, and says when the fee starts", () => {
    const l = quoteItem(item, at("2026-03-07T22:59:00Z")); // 17:59 EST
    expect(l).toMatchObject({
      feeMinor: 0,
      refundMinor: 300_00,
      policy: "Free cancellation",
      nextTierAt: "2026-03-07T23:00:00.000Z",
    });
  });

  it("exactly at the deadline the tier applies; one minute before it does not", () => {
    expect(quoteItem(item, at("2026-03-07T23:00:00Z"))).toMatchObject({
      feeMinor: 100_00,
      refundMinor: 200_00,
      tierFrom: "2026-03-07T23:00:00.000Z",
    });
    expect(quoteItem(item, at("2026-03-07T22:59:00Z")).feeMinor).toBe(0);
    expect(quoteItem(item, at("2026-03-07T22:59:59.999Z")).feeMinor).toBe(0);
  });

  it("reads tiers in the policy's zone across a DST change (New York springs forward on 2026-03-08)", () => {
    // 15:00 on 8 March is EDT (UTC−4): 19:00Z, not 20:00Z as the winter offset would give.
    expect(quoteItem(item, at("2026-03-08T18:59:00Z")).feeMinor).toBe(100_00);
    expect(quoteItem(item, at("2026-03-08T19:00:00Z"))).toMatchObject({
      feeMinor: 300_00,
      refundMinor: 0,
      tierFrom: "2026-03-08T19:00:00.000Z",
      nextTierAt: null,
    });
  });

  it("a deadline inside the spring-forward gap moves forward by the gap", () => {
    const p: CancellationPolicy = {
      ...hotel,
      tiers: [{ fromLocal: "2026-03-08T02:30", penalty: { kind: "full" }, description: "x" }],
    };
    // 02:30 never shows on New York clocks that night: it is read as 03:30 EDT = 07:30Z.
    expect(quoteItem({ ...item, policy: p }, at("2026-03-08T07:29:00Z")).feeMinor).toBe(0);
    expect(quoteItem({ ...item, policy: p }, at("2026-03-08T07:30:00Z")).feeMinor).toBe(300_00);
  });

  it("an ambiguous fall-back deadline is the earlier instant", () => {
    const p: CancellationPolicy = {
      ...hotel,
      tiers: [{ fromLocal: "2026-11-01T01:30", penalty: { kind: "full" }, description: "x" }],
    };
    expect(quoteItem({ ...item, policy: p }, at("2026-11-01T05:30:00Z")).tierFrom).toBe("2026-11-01T05:30:00.000Z"); // 01:30 EDT
  });

  it("the same wall clock in another zone is another instant", () => {
    const tokyo: CancellationPolicy = { ...hotel, zone: "Asia/Tokyo" };
    expect(quoteItem({ ...item, policy: tokyo }, at("2026-03-07T09:00:00Z")).feeMinor).toBe(100_00); // 18:00 JST
    expect(quoteItem({ ...item, policy: tokyo }, at("2026-03-07T08:59:00Z")).feeMinor).toBe(0);
  });

  it("tiers given out of order are still applied by time", () => {
    const p: CancellationPolicy = { ...hotel, tiers: [...hotel.tiers].reverse() };
    expect(quoteItem({ ...item, policy: p }, at("2026-03-08T00:00:00Z")).feeMinor).toBe(100_00);
  });
});

describe("quoteItem: penalties and rounding", () => {
  const policy = (penalty: Penalty, processingFeeMinor = 0): CancellationPolicy => ({
    refundable: true,
    zone: "UTC",
    processingFeeMinor,
    tiers: [{ fromLocal: "2026-01-01T00:00", penalty, description: "tier" }],
  });
  const now = at("2026-06-01T00:00:00Z");
  const fee = (paid: number, penalty: Penalty, nights?: number) =>
    quoteItem({ itemId: "i", chargeShareMinor: paid, policy: policy(penalty), nights }, now).feeMinor;

  it("percentage rounds once, half-up", () => {
    expect(fee(1_005, { kind: "percentage", bps: 5_000 })).toBe(503); // 502.5 → 503
    expect(fee(1_003, { kind: "percentage", bps: 5_000 })).toBe(502); // 501.5 → 502
    expect(fee(1_001, { kind: "percentage", bps: 3_333 })).toBe(334); // 333.6333 → 334
    expect(fee(999, { kind: "percentage", bps: 2_500 })).toBe(250); // 249.75 → 250
  });

  it("JPY (exponent 0) and KWD (exponent 3) round to their own minor unit", () => {
    const jpy = quoteRefund(
      "JPY",
      [{ itemId: "a", chargeShareMinor: 12_345, policy: policy({ kind: "percentage", bps: 1_000 }) }],
      now,
    );
    expect(jpy.items[0]).toMatchObject({ feeMinor: 1_235, refundMinor: 11_110 }); // ¥1,234.5 → ¥1,235
    const kwd = quoteRefund(
      "KWD",
      [{ itemId: "a", chargeShareMinor: 10_005, policy: policy({ kind: "percentage", bps: 1_500 }) }],
      now,
    );
    expect(kwd.items[0]).toMatchObject({ feeMinor: 1_501, refundMinor: 8_504 }); // 1.50075 KWD → 1.501
  });

  it("nights = round(paid × nightsCharged ÷ nights), capped at the stay", () => {
    expect(fee(1_000, { kind: "nights", nights: 1 }, 3)).toBe(333); // 333.33
    expect(fee(1_000, { kind: "nights", nights: 2 }, 3)).toBe(667); // 666.67
    expect(fee(1_001, { kind: "nights", nights: 1 }, 2)).toBe(501); // 500.5 → 501
    expect(fee(1_000, { kind: "nights", nights: 5 }, 3)).toBe(1_000);
    expect(() => fee(1_000, { kind: "nights", nights: 1 })).toThrow(DomainError);
  });

  it("fixed is capped at what was paid; full is everything", () => {
    expect(fee(5_000, { kind: "fixed", minor: 7_500 })).toBe(5_000);
    expect(fee(5_000, { kind: "fixed", minor: 2_500 })).toBe(2_500);
    expect(fee(5_000, { kind: "full" })).toBe(5_000);
  });

  it("the processing fee comes on top, capped at what is left", () => {
    const l = quoteItem(
      { itemId: "i", chargeShareMinor: 10_000, policy: policy({ kind: "percentage", bps: 9_000 }, 1_500) },
      now,
    );
    expect(l).toMatchObject({
      cancellationFeeMinor: 9_000,
      processingFeeMinor: 1_000,
      feeMinor: 10_000,
      refundMinor: 0,
    });
    const free = quoteItem(
      { itemId: "i", chargeShareMinor: 10_000, policy: { ...policy({ kind: "full" }, 250), tiers: [] } },
      now,
    );
    expect(free).toMatchObject({ cancellationFeeMinor: 0, processingFeeMinor: 250, refundMinor: 9_750 });
  });

  it("non-refundable keeps everything; waived fees give everything back", () => {
    const nr: CancellationPolicy = { ...policy({ kind: "percentage", bps: 0 }, 300), refundable: false };
    expect(quoteItem({ itemId: "i", chargeShareMinor: 4_200, policy: nr }, now)).toMatchObject({
      feeMinor: 4_200,
      refundMinor: 0,
      policy: "Non-refundable",
    });
    expect(
      quoteItem({ itemId: "i", chargeShareMinor: 4_200, policy: nr }, now, {
        waiveFees: true,
        waiveReason: "Cancelled by the airline",
      }),
    ).toMatchObject({ feeMinor: 0, refundMinor: 4_200, waived: true, policy: "Cancelled by the airline" });
  });

  it("bad inputs name the field", () => {
    const bad = (i: Partial<QuoteItemInput>, currency = "USD") => {
      try {
        quoteRefund(currency, [{ itemId: "i", chargeShareMinor: 100, policy: null, ...i }], now);
        return null;
      } catch (e) {
        return e instanceof DomainError ? e.details?.field : e;
      }
    };
    expect(bad({}, "XXX")).toBe("currency");
    expect(bad({ chargeShareMinor: -1 })).toBe("chargeShareMinor");
    expect(bad({ chargeShareMinor: 1.5 })).toBe("chargeShareMinor");
    expect(bad({ policy: { ...policy({ kind: "percentage", bps: 10_001 }) } })).toBe("policy.tiers.penalty.bps");
    expect(bad({ policy: { ...policy({ kind: "full" }), zone: "Mars/Olympus" } })).toBe("policy.tiers.fromLocal");
    expect(() => quoteRefund("USD", [], now)).toThrow(/at least one item/);
  });
});

describe("quoteRefund: a package", () => {
  it("quotes each item from its allocated share; totals are the sums", () => {
    // A €1,000.01 package: flight 600, hotel 300, transfer 100 by price → shares summing exactly to the charge.
    const shares = allocate(100_001, [600, 300, 100]);
    expect(shares).toEqual([60_001, 30_000, 10_000]);
    const now = at("2026-07-01T10:00:00Z");
    const q = quoteRefund(
      "EUR",
      [
        {
          itemId: "flight",
          chargeShareMinor: shares[0],
          policy: { refundable: false, zone: "Europe/Paris", processingFeeMinor: 0, tiers: [] },
        },
        {
          itemId: "hotel",
          chargeShareMinor: shares[1],
          nights: 4,
          policy: {
            refundable: true,
            zone: "Europe/Lisbon",
            processingFeeMinor: 0,
            tiers: [
              { fromLocal: "2026-07-01T00:00", penalty: { kind: "nights", nights: 1 }, description: "First night" },
            ],
          },
        },
        {
          itemId: "transfer",
          chargeShareMinor: shares[2],
          policy: {
            refundable: true,
            zone: "Europe/Lisbon",
            processingFeeMinor: 0,
            tiers: [{ fromLocal: "2026-07-05T00:00", penalty: { kind: "full" }, description: "Day of travel" }],
          },
        },
      ],
      now,
    );
    expect(q.items.map((l) => [l.itemId, l.feeMinor, l.refundMinor])).toEqual([
      ["flight", 60_001, 0],
      ["hotel", 7_500, 22_500],
      ["transfer", 0, 10_000],
    ]);
    expect(q).toMatchObject({
      currency: "EUR",
      totalEligibleMinor: 100_001,
      cancellationFeeMinor: 67_501,
      processingFeeMinor: 0,
      refundMinor: 32_500,
    });
    expect(q.changesAt).toBe("2026-07-04T23:00:00.000Z"); // midnight in Lisbon (WEST, UTC+1)
    expect(JSON.parse(JSON.stringify(storable(q)))).toEqual(q); // plain JSON: survives jsonb
  });

  it("refuses an item listed twice", () => {
    expect(() =>
      quoteRefund(
        "EUR",
        [
          { itemId: "a", chargeShareMinor: 1, policy: null },
          { itemId: "a", chargeShareMinor: 1, policy: null },
        ],
        new Date(),
      ),
    ).toThrow(DomainError);
  });
});

describe("quoteRefund: properties", () => {
  const penalty: fc.Arbitrary<Penalty> = fc.oneof(
    fc.record({ kind: fc.constant("percentage" as const), bps: fc.integer({ min: 0, max: 10_000 }) }),
    fc.record({
      kind: fc.constant("fixed" as const),
      minor: fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.maxSafeNat()),
    }),
    fc.record({ kind: fc.constant("nights" as const), nights: fc.integer({ min: 0, max: 30 }) }),
    fc.constant({ kind: "full" as const }),
  );
  const localTime = fc
    .date({ min: new Date("2025-01-01T00:00:00Z"), max: new Date("2027-12-31T00:00:00Z"), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 16));
  const policy: fc.Arbitrary<CancellationPolicy | null> = fc.option(
    fc.record({
      refundable: fc.boolean(),
      zone: fc.constantFrom(
        "UTC",
        "America/New_York",
        "Europe/London",
        "Asia/Tokyo",
        "Australia/Lord_Howe",
        "Asia/Kolkata",
      ),
      processingFeeMinor: fc.integer({ min: 0, max: 5_000 }),
      tiers: fc.array(fc.record({ fromLocal: localTime, penalty, description: fc.constant("tier") }), { maxLength: 4 }),
    }),
  );
  const item = fc.record({
    chargeShareMinor: fc.oneof(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 2 ** 40 })),
    policy,
    nights: fc.integer({ min: 1, max: 30 }),
  });
  const items = fc
    .array(item, { minLength: 1, maxLength: 6 })
    .map((xs) => xs.map((x, i) => ({ ...x, itemId: `item-${i}` })));
  const now = fc.date({
    min: new Date("2024-06-01T00:00:00Z"),
    max: new Date("2028-06-01T00:00:00Z"),
    noInvalidDate: true,
  });

  it("per item: 0 ≤ refund ≤ paid, fee + refund = paid; totals are the sums; waived refunds all", () => {
    fc.assert(
      fc.property(fc.constantFrom("USD", "JPY", "KWD"), items, now, fc.boolean(), (currency, xs, t, waive) => {
        const q = quoteRefund(currency, xs, t, { waiveFees: waive });
        for (const [i, l] of q.items.entries()) {
          expect(l.paidMinor).toBe(xs[i].chargeShareMinor);
          expect(l.refundMinor).toBeGreaterThanOrEqual(0);
          expect(l.refundMinor).toBeLessThanOrEqual(l.paidMinor);
          expect(l.feeMinor + l.refundMinor).toBe(l.paidMinor);
          expect(l.cancellationFeeMinor + l.processingFeeMinor).toBe(l.feeMinor);
          expect(Number.isSafeInteger(l.feeMinor)).toBe(true);
          if (waive) expect(l.refundMinor).toBe(l.paidMinor);
          if (l.policy === "Non-refundable") expect(l.refundMinor).toBe(0);
        }
        const total = (k: "paidMinor" | "cancellationFeeMinor" | "processingFeeMinor" | "refundMinor") =>
          q.items.reduce((a, l) => a + l[k], 0);
        expect(q.totalEligibleMinor).toBe(total("paidMinor"));
        expect(q.cancellationFeeMinor).toBe(total("cancellationFeeMinor"));
        expect(q.processingFeeMinor).toBe(total("processingFeeMinor"));
        expect(q.refundMinor).toBe(total("refundMinor"));
        expect(q.refundMinor + q.cancellationFeeMinor + q.processingFeeMinor).toBe(q.totalEligibleMinor);
      }),
      { numRuns: 400 },
    );
  });

  it("a later cancellation never refunds more (tiers only get costlier when penalties rise)", () => {
    // Monotone policies: percentages rising over time.
    const rising = fc
      .array(fc.tuple(localTime, fc.integer({ min: 0, max: 10_000 })), { minLength: 1, maxLength: 4 })
      .map((ts) => {
        const sorted = [...ts].sort((a, b) => a[0].localeCompare(b[0]));
        const bps = sorted.map((x) => x[1]).sort((a, b) => a - b);
        return sorted.map(([fromLocal], i) => ({
          fromLocal,
          penalty: { kind: "percentage" as const, bps: bps[i] },
          description: "t",
        }));
      });
    fc.assert(
      fc.property(rising, fc.integer({ min: 0, max: 10_000_000 }), now, now, (tiers, paid, a, b) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        const p: CancellationPolicy = { refundable: true, zone: "Europe/London", processingFeeMinor: 0, tiers };
        const r = (t: Date) => quoteItem({ itemId: "x", chargeShareMinor: paid, policy: p }, t).refundMinor;
        expect(r(late)).toBeLessThanOrEqual(r(early));
      }),
      { numRuns: 300 },
    );
  });
});

describe("quoteRefund: netting what was already returned (issue 23)", () => {
  const item = { itemId: "h1", chargeShareMinor: 300_00, policy: hotel, nights: 3 };
  const oneNight = at("2026-03-08T00:00:00Z"); // the one-night tier: fee 100.00

  it("is paid − fee − already returned, so an earlier partial refund does not waive the fee", () => {
    const q = quoteRefund("USD", [{ ...item, returnedMinor: 150_00 }], oneNight);
    expect(q.items[0]).toMatchObject({
      paidMinor: 300_00,
      feeMinor: 100_00,
      returnedMinor: 150_00,
      refundMinor: 50_00,
    });
    expect(q).toMatchObject({ refundMinor: 50_00, returnedMinor: 150_00 });
  });

  it("never goes below zero when more than paid − fee went back already", () => {
    const q = quoteRefund("USD", [{ ...item, returnedMinor: 250_00 }], oneNight);
    expect(q.items[0].refundMinor).toBe(0);
  });

  it("waived fees still net what was returned", () => {
    const q = quoteRefund("USD", [{ ...item, returnedMinor: 100_00 }], oneNight, { waiveFees: true });
    expect(q.items[0]).toMatchObject({ feeMinor: 0, refundMinor: 200_00 });
  });

  it("is cut to what the payments can still return (promo value), spread over the lines", () => {
    const car = { itemId: "c1", chargeShareMinor: 100_00, policy: null };
    const q = quoteRefund("USD", [item, car], at("2026-03-01T00:00:00Z"), { refundableMinor: 320_00 });
    expect(q.refundMinor).toBe(320_00);
    expect(q.heldBackMinor).toBe(80_00);
    expect(q.items.map((l) => [l.refundMinor, l.heldBackMinor])).toEqual([
      [240_00, 60_00],
      [80_00, 20_00],
    ]);
  });

  it("property: 0 ≤ refund ≤ paid − fee − returned (floored at 0), and the total within what is refundable", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ paid: fc.integer({ min: 0, max: 1e7 }), returned: fc.integer({ min: 0, max: 1e7 }) }), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.option(fc.integer({ min: 0, max: 5e7 }), { nil: undefined }),
        (rows, refundable) => {
          const q = quoteRefund(
            "EUR",
            rows.map((r, i) => ({
              itemId: `i${i}`,
              chargeShareMinor: r.paid,
              policy: hotel,
              nights: 3,
              returnedMinor: r.returned,
            })),
            at("2026-03-08T00:00:00Z"),
            { refundableMinor: refundable },
          );
          q.items.forEach((l) => {
            expect(l.refundMinor).toBeGreaterThanOrEqual(0);
            expect(l.refundMinor).toBeLessThanOrEqual(Math.max(0, l.paidMinor - l.feeMinor - l.returnedMinor));
          });
          if (refundable !== undefined) expect(q.refundMinor).toBeLessThanOrEqual(refundable);
        },
      ),
      { numRuns: 300 },
    );
  });
});

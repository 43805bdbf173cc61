import { describe, expect, it } from "vitest";
import { compareWithProvider, type IntakeItem, type ProviderSide } from "./provider-match";

const tour: IntakeItem = {
  category: "experience",
  // 10:00 in Paris (summer time) for two hours.
  startAt: new Date("2031-06-01T08:00:00Z"),
  endAt: new Date("2031-06-01T10:00:00Z"),
  startZone: "Europe/Paris",
  endZone: "Europe/Paris",
  priceMinor: 5_000,
  priceCurrency: "EUR",
};
const theirs = (over: Partial<ProviderSide> = {}): ProviderSide => ({
  status: "confirmed",
  rawStatus: "CONFIRMED",
  details: { startLocal: "2031-06-01T10:00", durationMinutes: 120 },
  priceMinor: 5_000,
  currency: "EUR",
  ...over,
});

describe("compareWithProvider", () => {
  it("matches when status, start, end (start + duration) and price agree", () => {
    expect(compareWithProvider(tour, theirs())).toEqual({ outcome: "match" });
    expect(compareWithProvider(tour, theirs({ status: "ticketed", rawStatus: "TICKETED" }))).toEqual({
      outcome: "match",
    });
  });

  it("names every difference, and refuses the item (the provider holds another booking)", () => {
    const v = compareWithProvider(
      tour,
      theirs({ details: { startLocal: "2031-06-01T10:00", durationMinutes: 180 }, currency: "USD" }),
    );
    expect(v).toMatchObject({ outcome: "mismatch", to: "cancelled" });
    expect(v.outcome === "mismatch" && v.reason).toMatch(
      /^end: .*; price: the provider has \$50\.00, the booking €50\.00$/,
    );
  });

  it("an unknown or cancelled booking is the provider's cancellation; a pending one is waited for", () => {
    expect(compareWithProvider(tour, null)).toMatchObject({ outcome: "mismatch", to: "provider_cancelled" });
    expect(
      compareWithProvider(tour, theirs({ status: "provider_cancelled", rawStatus: "CANCELLED_BY_SUPPLIER" })),
    ).toMatchObject({
      to: "provider_cancelled",
      reason: "the provider reports it CANCELLED_BY_SUPPLIER",
    });
    expect(compareWithProvider(tour, theirs({ status: "pending", rawStatus: "PENDING" })).outcome).toBe("wait");
    expect(compareWithProvider(tour, theirs({ status: "completed", rawStatus: "USED" }))).toMatchObject({
      to: "cancelled",
      reason: "status: the provider has USED",
    });
  });

  it("does not compare a date the provider's details leave out", () => {
    expect(compareWithProvider(tour, theirs({ details: {} }))).toEqual({ outcome: "match" });
  });
});

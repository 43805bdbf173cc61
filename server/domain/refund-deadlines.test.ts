import { describe, expect, it } from "vitest";
import { applicableRefundDeadlines, expectedArrival, refundDeadline, type DeadlineFlight } from "./refund-deadlines";

const flight = (from: string, to: string, c: Partial<DeadlineFlight> = {}): DeadlineFlight => ({
  from: { iata: from },
  to: { iata: to },
  usCarrier: false,
  euCarrier: false,
  ...c,
});

describe("refund deadlines", () => {
  it("US DOT, card: 7 business days in New York, past the observed 4 July", () => {
    // 22:00 on 1 July in New York (02:00Z on the 2nd): the day owed is 1 July there.
    const d = refundDeadline({
      owedAt: new Date("2026-07-02T02:00:00Z"),
      paymentMethod: "card",
      flights: [flight("JFK", "LAX")],
      isPackage: false,
    });
    expect(d).toMatchObject({ rule: "us_dot", dueDate: "2026-07-13", zone: "America/New_York" });
    expect(d?.dueBy.toISOString()).toBe("2026-07-14T04:00:00.000Z"); // end of 13 July, EDT
    expect(d?.clause).toMatch(/7 business days/);
  });

  it("US DOT by the card's funding: credit and unknown 7 business days, debit and prepaid 20 calendar days", () => {
    // Owed Monday 2 November 2026 in New York; 11 November (Veterans Day) is not a business day.
    const base = { owedAt: new Date("2026-11-02T15:00:00Z"), flights: [flight("JFK", "MIA")], isPackage: false };
    const due = (paymentMethod: "card" | "wallet", funding?: "credit" | "debit" | "prepaid" | "unknown" | null) =>
      refundDeadline({ ...base, paymentMethod, funding });
    expect(due("card", "credit")).toMatchObject({
      dueDate: "2026-11-12",
      clause: expect.stringMatching(/credit card/),
    });
    expect(due("card", "unknown")?.dueDate).toBe("2026-11-12");
    expect(due("card", null)?.dueDate).toBe("2026-11-12"); // a row from before funding was kept: the stricter clock
    expect(due("card")?.dueDate).toBe("2026-11-12");
    expect(due("card", "debit")).toMatchObject({ dueDate: "2026-11-22", clause: expect.stringMatching(/20 calendar/) });
    expect(due("card", "prepaid")?.dueDate).toBe("2026-11-22");
    expect(due("card", "debit")?.dueBy.toISOString()).toBe("2026-11-23T05:00:00.000Z"); // end of the 22nd, EST
    // A wallet is a card only when it told us it is a credit card.
    expect(due("wallet", "credit")?.dueDate).toBe("2026-11-12");
    expect(due("wallet", null)?.dueDate).toBe("2026-11-22");
  });

  it("US DOT, other payment: 20 calendar days", () => {
    const d = refundDeadline({
      owedAt: new Date("2026-11-23T15:00:00Z"),
      paymentMethod: "bank_transfer",
      flights: [flight("LHR", "JFK")],
      isPackage: false,
    });
    expect(d).toMatchObject({ rule: "us_dot", dueDate: "2026-12-13" });
    expect(d?.dueBy.toISOString()).toBe("2026-12-14T05:00:00.000Z"); // EST
  });

  it("a US carrier is in scope anywhere; a foreign carrier only to, from or within the US", () => {
    expect(
      refundDeadline({
        owedAt: new Date("2026-03-02T12:00:00Z"),
        paymentMethod: "card",
        flights: [flight("HND", "SIN", { usCarrier: true })],
        isPackage: false,
      })?.rule,
    ).toBe("us_dot");
    expect(
      refundDeadline({
        owedAt: new Date("2026-03-02T12:00:00Z"),
        paymentMethod: "card",
        flights: [flight("HND", "SIN")],
        isPackage: false,
      }),
    ).toBeNull();
  });

  it("EU 261 (departing the EU) is stricter than DOT over the year end", () => {
    const input = {
      owedAt: new Date("2026-12-23T10:00:00Z"),
      paymentMethod: "card" as const,
      flights: [flight("CDG", "JFK", { usCarrier: true })],
      isPackage: false,
    };
    expect(applicableRefundDeadlines(input).map((d) => [d.rule, d.dueDate])).toEqual([
      ["us_dot", "2027-01-05"],
      ["eu261", "2026-12-30"],
    ]);
    const d = refundDeadline(input);
    expect(d).toMatchObject({ rule: "eu261", dueDate: "2026-12-30" });
    expect(d?.dueBy.toISOString()).toBe("2026-12-30T23:00:00.000Z"); // midnight in Brussels (CET)
  });

  it("EU 261 into the EU only with a Community carrier", () => {
    const base = { owedAt: new Date("2026-05-04T10:00:00Z"), paymentMethod: "card" as const, isPackage: false };
    expect(refundDeadline({ ...base, flights: [flight("DXB", "BCN")] })).toBeNull();
    expect(refundDeadline({ ...base, flights: [flight("DXB", "BCN", { euCarrier: true })] })).toMatchObject({
      rule: "eu261",
      dueDate: "2026-05-11",
    });
  });

  it("a package: 14 days (PTD), unless a flight rule is stricter", () => {
    const base = { owedAt: new Date("2026-05-04T10:00:00Z"), paymentMethod: "card" as const, isPackage: true };
    expect(refundDeadline({ ...base, flights: [] })).toMatchObject({ rule: "eu_ptd", dueDate: "2026-05-18" });
    expect(refundDeadline({ ...base, flights: [flight("LIS", "ATH")] })).toMatchObject({
      rule: "eu261",
      dueDate: "2026-05-11",
    });
    // US domestic flight in a package, card: 7 business days (13 May) beats the PTD's 14 days.
    expect(refundDeadline({ ...base, flights: [flight("JFK", "ORD")] })).toMatchObject({
      rule: "us_dot",
      dueDate: "2026-05-13",
    });
  });
});

describe("expected arrival", () => {
  it("card: 5–10 business days from the day sent, counting from the next business day after a holiday", () => {
    expect(expectedArrival(new Date("2026-07-01T15:00:00Z"), "card")).toMatchObject({
      earliest: "2026-07-09",
      latest: "2026-07-16",
    });
    expect(expectedArrival(new Date("2026-07-03T15:00:00Z"), "card")).toMatchObject({
      earliest: "2026-07-13",
      latest: "2026-07-20",
    });
  });

  it("bank transfer is faster; the traveler's zone decides the day sent", () => {
    // 05:00 on Christmas Day in Tokyo (counting starts on the 28th), 15:00 on the 24th in New York.
    expect(expectedArrival(new Date("2026-12-24T20:00:00Z"), "bank_transfer", "Asia/Tokyo")).toMatchObject({
      earliest: "2026-12-31",
      latest: "2027-01-05",
    });
    expect(expectedArrival(new Date("2026-12-24T20:00:00Z"), "bank_transfer", "America/New_York")).toMatchObject({
      earliest: "2026-12-30",
      latest: "2027-01-04",
    });
  });
});

import { describe, expect, it } from "vitest";
import { splitRefund } from "./tenders";

const t = (method: "card" | "credit" | "promo" | "wallet", roomMinor: number) => ({ method, roomMinor });

describe("splitRefund", () => {
  it("takes the card first, then credit, and never promo", () => {
    const tenders = [t("promo", 500), t("credit", 3_000), t("card", 2_000)];
    const { legs, unplacedMinor } = splitRefund(4_000, tenders);
    expect(legs.map((l) => [l.tender.method, l.amountMinor])).toEqual([
      ["card", 2_000],
      ["credit", 2_000],
    ]);
    expect(unplacedMinor).toBe(0);
  });

  it("leaves what no refundable tender can hold unplaced", () => {
    const { legs, unplacedMinor } = splitRefund(6_000, [t("card", 1_000), t("promo", 5_000)]);
    expect(legs).toEqual([{ tender: t("card", 1_000), amountMinor: 1_000 }]);
    expect(unplacedMinor).toBe(5_000);
  });

  it("skips tenders with no room left", () => {
    const { legs } = splitRefund(700, [t("card", 0), t("wallet", 900)]);
    expect(legs.map((l) => l.tender.method)).toEqual(["wallet"]);
  });
});

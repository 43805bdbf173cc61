import { describe, expect, it } from "vitest";
import { searchBookingsInput } from "@/server/services/bookings/search-bookings";
import { searchable } from "./search-term";

describe("bookings search terms", () => {
  it("are searchable once they hold three letters or digits in a row, in any script", () => {
    expect(["o'con", "GD-ABC", "bro", "иван", "山田太郎", "a@b.com x12"].map(searchable)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(["o'co", "a.b", "  ab  ", "x-y-z"].map(searchable)).toEqual([false, false, false, false]);
  });

  it("the API refuses the others with the reason", () => {
    const r = searchBookingsInput.safeParse({ q: "o'co" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toBe("Search needs 3 letters or digits in a row");
  });
});

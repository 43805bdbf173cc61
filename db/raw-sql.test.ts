import { PgDialect } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { liveBookingStatuses } from "@/server/domain/statuses";
import { camelRow, camelRows, sqlList } from "./raw-sql";

const render = (q: ReturnType<typeof sql>) => new PgDialect().sqlToQuery(q);

describe("sqlList", () => {
  it("renders a constant list as literals, with no parameters", () => {
    const q = render(sql`select 1 from bookings where status in ${sqlList(liveBookingStatuses)}`);
    expect(q.sql).toBe(
      "select 1 from bookings where status in ('confirmed', 'ticketed', 'modified', 'partially_cancelled')",
    );
    expect(q.params).toEqual([]);
  });

  it("refuses anything that is not an enum value", () => {
    expect(() => sqlList([])).toThrow();
    expect(() => sqlList(["pending", "x') or true --"])).toThrow();
    expect(() => sqlList(["Pending"])).toThrow();
  });
});

describe("camelRow", () => {
  it("renames snake_case keys and leaves values alone", () => {
    const row = camelRow({ booking_id: "b1", retry_count: 2, id: "r1", sandbox: { latency_ms: 5 } });
    expect(row).toEqual({ bookingId: "b1", retryCount: 2, id: "r1", sandbox: { latency_ms: 5 } });
    const typed: { bookingId: string; retryCount: number } = row; // the type follows the keys
    expect(typed.retryCount).toBe(2);
    expect(camelRows([{ provider_code: "a" }, { provider_code: "b" }]).map((r) => r.providerCode)).toEqual(["a", "b"]);
  });
});

import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { bookings } from "@/db/schema";
import { providerCatalog } from "@/db/seed/catalog";
import { opsActor } from "@/server/domain/actor";
import { DomainError } from "@/server/domain/errors";
import type { BookingStatus, ItemStatus } from "@/server/domain/statuses";
import { createTestDb } from "@/tests/db";
import { ensureProviders, eventsOf, historyOf } from "@/tests/fixtures/lifecycle";
import { createBookings, type NewBooking, type NewItem } from "./index";

const db = await createTestDb();
beforeAll(() => ensureProviders(db));
const ctx = { actor: opsActor("ops@example.com"), reason: "imported" };

function booking(status: BookingStatus, itemStatuses: ItemStatus[]) {
  const id = randomUUID();
  const b: NewBooking = {
    id,
    bookingReference: `I${id.slice(0, 8).toUpperCase()}`,
    bookingType: itemStatuses.length > 1 ? "package" : "single",
    status,
    totalMinor: 10_000,
    currency: "EUR",
    travelers: [{ firstName: "Ana", lastName: "Test", type: "adult" }],
    contactInfo: { email: "ana@example.test", name: "Ana Test" },
    contactEmail: "ana@example.test",
    leadLastName: "Test",
  };
  const items: NewItem[] = itemStatuses.map((s) => ({
    id: randomUUID(),
    bookingId: id,
    category: "hotel",
    providerCode: providerCatalog[0].code,
    providerBookingId: randomUUID(),
    status: s,
    itemDetails: {},
    priceMinor: 5_000,
    priceCurrency: "EUR",
    chargeShareMinor: 5_000,
  }));
  return { booking: b, items };
}

describe("createBookings", () => {
  it("creates bookings in their status with one first history row and booking/created each", async () => {
    const a = booking("confirmed", ["confirmed", "confirmed"]);
    const b = booking("partially_cancelled", ["confirmed", "provider_cancelled"]);
    await db.transaction((tx) => createBookings(tx, [a, b], ctx));
    for (const r of [a, b]) {
      const [row] = await db.select().from(bookings).where(eq(bookings.id, r.booking.id));
      expect(row.status).toBe(r.booking.status);
      const history = await historyOf(db, r.booking.id);
      expect(history).toHaveLength(1);
      expect(history[0]).toMatchObject({
        fromStatus: null,
        toStatus: r.booking.status,
        changedBy: "ops",
        actorId: "ops@example.com",
        changeReason: "imported",
      });
      expect(await eventsOf(db, [r.booking.id])).toEqual({ "booking/created": 1 });
    }
  });

  it.each([
    ["disputed", ["confirmed"], "money history"],
    ["refunded", ["cancelled"], "money history"],
    ["partially_cancelled", ["confirmed", "confirmed"], "disagrees with its items"],
    ["confirmed", ["cancelled", "cancelled"], "disagrees with its items"],
    ["confirmed", [], "at least one item"],
  ] as [BookingStatus, ItemStatus[], string][])(
    "refuses a %s booking of %j items (%s) and writes nothing",
    async (status, items, why) => {
      const good = booking("confirmed", ["confirmed"]);
      const bad = booking(status, items);
      const e = await db.transaction((tx) => createBookings(tx, [good, bad], ctx)).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).message).toContain(why);
      const [{ n }] = await db.execute<{ n: number }>(
        sql`select count(*)::int as n from bookings where id in (${good.booking.id}, ${bad.booking.id})`,
      );
      expect(n).toBe(0);
    },
  );
});

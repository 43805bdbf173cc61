// Test helpers: a booking with items in chosen statuses, inserted directly (not through the
// service), and a snapshot of what the service wrote. Used by the lifecycle tests only.
import { randomUUID } from "node:crypto";
import { count, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bookingItems, bookings, bookingStatusHistory, outbox } from "@/db/schema";
import { providerCatalog } from "@/db/seed/catalog";
import type { BookingStatus, ItemStatus } from "@/server/domain/statuses";

export type ItemSeed = { status: ItemStatus; previousStatus?: ItemStatus | null };

export async function ensureProviders(db: Db) {
  await db.execute(sql`insert into providers (code, name, category, adapter, rate_limit_per_second, webhook_secret)
    values ('skyway-air', 'SkyWay Air', 'flight', 'sandbox', 20, 'whsec_test') on conflict do nothing`);
}

export async function insertBooking(
  db: Db,
  status: BookingStatus,
  items: ItemSeed[],
  extra: { statusBeforeDispute?: BookingStatus } = {},
) {
  const id = randomUUID();
  await db.insert(bookings).values({
    id,
    bookingReference: `T${id.slice(0, 8).toUpperCase()}`,
    bookingType: items.length > 1 ? "package" : "single",
    status,
    totalMinor: 10_000,
    currency: "EUR",
    travelers: [{ firstName: "Ana", lastName: "Test", type: "adult" }],
    contactInfo: { email: "ana@example.test", name: "Ana Test" },
    contactEmail: "ana@example.test",
    leadLastName: "Test",
    statusBeforeDispute: extra.statusBeforeDispute ?? null,
  });
  const rows = await db
    .insert(bookingItems)
    .values(
      items.map((it) => ({
        bookingId: id,
        category: "flight" as const,
        providerCode: providerCatalog[0].code,
        providerBookingId: randomUUID(),
        status: it.status,
        previousStatus: it.previousStatus ?? null,
        itemDetails: {},
        priceMinor: 5_000,
        priceCurrency: "EUR",
        chargeShareMinor: 5_000,
      })),
    )
    .returning({ id: bookingItems.id });
  return { bookingId: id, itemIds: rows.map((r) => r.id) };
}

export async function itemRow(db: Db, itemId: string) {
  const [row] = await db.select().from(bookingItems).where(eq(bookingItems.id, itemId));
  return row;
}

export async function bookingRow(db: Db, bookingId: string) {
  const [row] = await db.select().from(bookings).where(eq(bookings.id, bookingId));
  return row;
}

export async function historyOf(db: Db, bookingId: string) {
  return db.select().from(bookingStatusHistory).where(eq(bookingStatusHistory.bookingId, bookingId));
}

/** Outbox rows about these bookings, by event name. */
export async function eventsOf(db: Db, bookingIds: string[]) {
  const rows = await db
    .select({ name: outbox.name, n: count() })
    .from(outbox)
    .where(inArray(sql`${outbox.data}->>'bookingId'`, bookingIds))
    .groupBy(outbox.name);
  return Object.fromEntries(rows.map((r) => [r.name, r.n]));
}

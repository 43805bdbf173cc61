// Test helpers for the comms tests: a booking with a flight and a hotel in chosen zones, and a
// traveler account; inserted directly.
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bookingCommunications, bookingItems, bookings, users } from "@/db/schema";
import type { BookingStatus } from "@/server/domain/statuses";

export async function commsBooking(
  db: Db,
  o: {
    email?: string;
    phone?: string;
    name?: string;
    zone?: string;
    startAt?: Date;
    status?: BookingStatus;
    withUser?: boolean;
    completedAt?: Date;
  } = {},
) {
  await db.execute(sql`insert into providers (code, name, category, adapter, rate_limit_per_second, webhook_secret)
    values ('skyway-air', 'SkyWay Air', 'flight', 'sandbox', 20, 'whsec_test') on conflict do nothing`);
  const id = randomUUID(),
    email = o.email ?? `t-${id.slice(0, 8)}@example.test`;
  const startAt = o.startAt ?? new Date(Date.now() + 20 * 86_400_000),
    zone = o.zone ?? "Asia/Tokyo";
  let userId: string | null = null;
  if (o.withUser) {
    [{ id: userId }] = await db
      .insert(users)
      .values({ email, name: o.name ?? "Ana Test", phone: o.phone ?? null })
      .returning({ id: users.id });
  }
  const reference = `C${id.slice(0, 8).toUpperCase()}`;
  await db.insert(bookings).values({
    id,
    userId,
    bookingReference: reference,
    bookingType: "package",
    status: o.status ?? "confirmed",
    totalMinor: 123_456,
    currency: "EUR",
    paidMinor: 123_456,
    travelers: [{ firstName: "Ana", lastName: "Test", type: "adult" }],
    contactInfo: { email, name: o.name ?? "Ana Test", ...(o.phone ? { phone: o.phone } : {}) },
    contactEmail: email,
    leadLastName: "Test",
    travelStartAt: startAt,
    travelEndAt: new Date(startAt.getTime() + 5 * 86_400_000),
    completedAt: o.completedAt ?? null,
  });
  const items = await db
    .insert(bookingItems)
    .values([
      {
        bookingId: id,
        category: "flight" as const,
        providerCode: "skyway-air",
        providerBookingId: randomUUID(),
        providerConfirmationNumber: "PNR7Q",
        status: "confirmed" as const,
        itemDetails: { title: "SW 204 HND → CDG" },
        priceMinor: 60_000,
        priceCurrency: "EUR",
        chargeShareMinor: 60_000,
        startAt,
        endAt: new Date(startAt.getTime() + 12 * 3_600_000),
        startZone: zone,
        endZone: "Europe/Paris",
      },
      {
        bookingId: id,
        category: "hotel" as const,
        providerCode: "skyway-air",
        providerBookingId: randomUUID(),
        status: "confirmed" as const,
        itemDetails: { title: "Hotel Lumière, Paris", city: "Paris" },
        priceMinor: 63_456,
        priceCurrency: "EUR",
        chargeShareMinor: 63_456,
        startAt: new Date(startAt.getTime() + 20 * 3_600_000),
        endAt: new Date(startAt.getTime() + 4 * 86_400_000),
        startZone: "Europe/Paris",
        endZone: "Europe/Paris",
      },
    ])
    .returning({ id: bookingItems.id });
  return { bookingId: id, reference, email, userId, itemIds: items.map((i) => i.id) };
}

export async function commRow(db: Db, id: string) {
  const [row] = await db.select().from(bookingCommunications).where(eq(bookingCommunications.id, id));
  return row;
}

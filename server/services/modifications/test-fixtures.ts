// Tests: a paid booking (flight for traveler 0, hotel for both) at two sandbox providers that
// answer at once: "mod-air" charges 3% for a name correction and refuses transfers, "mod-hotels"
// changes names free; both charge 8% for new dates.
import { randomBytes, randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  bookingItems,
  bookings,
  outbox,
  paymentTransactions,
  providers,
  sandboxBookings,
  sandboxProviderSettings,
  users,
} from "@/db/schema";
import { createLocalCharge } from "@/server/payments";
import { localToUtc, formatLocal } from "@/server/domain/zones";
import { sessions } from "@/tests/sessions";

const wall = (iso: string) => Date.parse(`${iso}:00Z`);

export async function ensureModProviders(db: Db) {
  await db
    .insert(providers)
    .values([
      { code: "mod-air", name: "Mod Air", category: "flight", webhookSecret: "whsec_mod", rateLimitPerSecond: 1000 },
      {
        code: "mod-hotels",
        name: "Mod Hotels",
        category: "hotel",
        webhookSecret: "whsec_mod",
        rateLimitPerSecond: 1000,
      },
    ])
    .onConflictDoNothing();
  await db
    .insert(sandboxProviderSettings)
    .values([
      { providerCode: "mod-air", latencyMs: 0, jitterMs: 0 },
      { providerCode: "mod-hotels", latencyMs: 0, jitterMs: 0 },
    ])
    .onConflictDoNothing();
}

export type ModBooking = {
  bookingId: string;
  reference: string;
  userId: string;
  email: string;
  flightId: string;
  hotelId: string;
  chargeId: string;
  session: ReturnType<typeof sessions.traveler>;
};

export async function insertModBooking(
  db: Db,
  opts: { paymentMethod?: string | null; startsOn?: string } = {},
): Promise<ModBooking> {
  await ensureModProviders(db);
  const tag = randomBytes(4).toString("hex").toUpperCase();
  const email = `mod.${tag.toLowerCase()}@example.com`;
  const [user] = await db.insert(users).values({ email, name: "Ana Silva" }).returning({ id: users.id });
  const day = opts.startsOn ?? "2031-05-10";
  const dep = localToUtc(wall(`${day}T08:30`), "Europe/Lisbon"),
    arr = dep + 3 * 3_600_000;
  const checkIn = localToUtc(wall(`${day}T15:00`), "Europe/Paris"),
    checkOut = localToUtc(wall(`${addDays(day, 3)}T11:00`), "Europe/Paris");
  const bookingId = randomUUID(),
    flightId = randomUUID(),
    hotelId = randomUUID();
  const reference = `MOD-${tag}`;
  await db.transaction(async (tx) => {
    await tx.insert(bookings).values({
      id: bookingId,
      userId: user.id,
      bookingReference: reference,
      bookingType: "package",
      status: "confirmed",
      totalMinor: 60_000,
      currency: "EUR",
      paidMinor: 60_000,
      travelers: [
        { firstName: "Ana", lastName: "Silva", type: "adult" },
        { firstName: "Rui", lastName: "Costa", type: "adult" },
      ],
      contactInfo: { email, name: "Ana Silva" },
      contactEmail: email,
      leadLastName: "Silva",
      travelStartAt: new Date(dep),
      travelEndAt: new Date(checkOut),
    });
    await tx.insert(bookingItems).values([
      {
        id: flightId,
        bookingId,
        category: "flight",
        providerCode: "mod-air",
        providerBookingId: `AIR-${tag}`,
        providerConfirmationNumber: "PNR1",
        status: "ticketed",
        itemDetails: {
          title: "Lisbon → Paris",
          segments: [
            {
              flightNumber: "MA101",
              from: "LIS",
              to: "CDG",
              departureLocal: formatLocal(dep, "Europe/Lisbon"),
              departureZone: "Europe/Lisbon",
              arrivalLocal: formatLocal(arr, "Europe/Paris"),
              arrivalZone: "Europe/Paris",
            },
          ],
        },
        priceMinor: 40_000,
        priceCurrency: "EUR",
        chargeShareMinor: 40_000,
        startAt: new Date(dep),
        endAt: new Date(arr),
        startZone: "Europe/Lisbon",
        endZone: "Europe/Paris",
        travelerIndices: [0],
      },
      {
        id: hotelId,
        bookingId,
        category: "hotel",
        providerCode: "mod-hotels",
        providerBookingId: `HTL-${tag}`,
        providerConfirmationNumber: "H1",
        status: "confirmed",
        itemDetails: {
          name: "Hôtel Test",
          checkInLocal: formatLocal(checkIn, "Europe/Paris"),
          checkOutLocal: formatLocal(checkOut, "Europe/Paris"),
          nights: 3,
        },
        priceMinor: 20_000,
        priceCurrency: "EUR",
        chargeShareMinor: 20_000,
        startAt: new Date(checkIn),
        endAt: new Date(checkOut),
        startZone: "Europe/Paris",
        endZone: "Europe/Paris",
        travelerIndices: [0, 1],
      },
    ]);
    await tx.execute(sql`insert into sandbox_bookings (provider_code, provider_booking_id, status, details, price_minor, currency)
      select provider_code, provider_booking_id, upper(status::text), item_details, price_minor, price_currency from booking_items where booking_id = ${bookingId}`);
  });
  const pi = await createLocalCharge(db, { amountMinor: 60_000, currency: "EUR" });
  const [charge] = await db
    .insert(paymentTransactions)
    .values({
      bookingId,
      kind: "charge",
      status: "succeeded",
      amountMinor: 60_000,
      currency: "EUR",
      gateway: "local",
      stripePaymentIntentId: pi.paymentIntentId,
      stripeChargeId: pi.chargeId,
      stripePaymentMethodId: opts.paymentMethod === undefined ? "pm_card_visa" : opts.paymentMethod,
    })
    .returning({ id: paymentTransactions.id });
  return {
    bookingId,
    reference,
    userId: user.id,
    email,
    flightId,
    hotelId,
    chargeId: charge.id,
    session: sessions.traveler(user.id, email),
  };
}

export function addDays(date: string, n: number) {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Outbox rows of one name about one modification. */
export async function eventsNamed(db: Db, name: string, modificationId: string) {
  return db
    .select()
    .from(outbox)
    .where(and(eq(outbox.name, name), sql`${outbox.data}->>'modificationId' = ${modificationId}`));
}

export async function twin(db: Db, providerCode: string, ref: string) {
  const [t] = await db
    .select()
    .from(sandboxBookings)
    .where(and(eq(sandboxBookings.providerCode, providerCode), eq(sandboxBookings.providerBookingId, ref)));
  return t;
}

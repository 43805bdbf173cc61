// A booking for document tests and the render bench: every category, travelers named in every
// script the documents must draw, and HTML/script payloads in names and free text. Item details
// follow the demo seed's shapes (db/seed/items.ts).
import { randomBytes, randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import {
  bookingItems,
  bookingModifications,
  bookings,
  paymentTransactions,
  providers,
  refunds,
  users,
} from "@/db/schema";
import type { Traveler } from "@/db/schema/bookings";
import { formatLocal, localToUtc } from "@/server/domain/zones";

export const scriptNames = {
  latin: { firstName: "Lucía", lastName: "García" },
  greek: { firstName: "Αλέξανδρος", lastName: "Παπαδόπουλος" },
  cyrillic: { firstName: "Дмитрий", lastName: "Иванов" },
  arabic: { firstName: "محمد", lastName: "العلي" },
  hebrew: { firstName: "נועה", lastName: "כהן" },
  devanagari: { firstName: "प्रिया", lastName: "शर्मा" },
  cjk: { firstName: "小明", lastName: "王" },
} as const;
export const payload = { firstName: `<script>alert("x")</script>`, lastName: `<b>Bold</b> & "Co"` } as const;
export const meetingPayload = `Harbour gate <img src=x onerror=alert(1)>`;

const testProviders = [
  { code: "doc-air", name: "Doc Air", category: "flight" as const },
  { code: "doc-hotels", name: "Doc Hotels", category: "hotel" as const },
  { code: "doc-cars", name: "Doc Cars", category: "car" as const },
  { code: "doc-tours", name: "Doc Tours", category: "experience" as const },
];

export type TestBooking = {
  bookingId: string;
  reference: string;
  userId: string;
  email: string;
  items: Record<"flight" | "hotel" | "car" | "experience", string>;
};

const HOUR = 3_600_000,
  DAY = 24 * HOUR;
const wall = (iso: string) => Date.parse(`${iso}:00Z`);

/**
 * Inserts one confirmed EUR booking London → Tokyo (out before, back after the UK's switch to summer time) (flight there and back, hotel, car, experience),
 * paid, with a partial refund and a confirmed change fee. `travelers` defaults to one traveler per
 * script plus one named with an HTML payload.
 */
export async function insertTestBooking(
  db: Db,
  opts: { travelers?: Traveler[]; currency?: string; startsOn?: string } = {},
): Promise<TestBooking> {
  await db
    .insert(providers)
    .values(testProviders.map((p) => ({ ...p, webhookSecret: "whsec_documents" })))
    .onConflictDoNothing();
  const tag = randomBytes(3).toString("hex").toUpperCase();
  const email = `documents.${tag.toLowerCase()}@example.com`;
  const [user] = await db.insert(users).values({ email, name: "Lucía García" }).returning({ id: users.id });
  const travelers: Traveler[] = opts.travelers ?? [
    ...Object.values(scriptNames).map((n, k) => ({
      ...n,
      type: (k === 6 ? "child" : "adult") as Traveler["type"],
      ...(k === 0 ? { email } : {}),
    })),
    { ...payload, type: "adult" },
  ];
  const everyone = travelers.map((_, k) => k);
  const currency = opts.currency ?? "EUR";
  const day = opts.startsOn ?? "2031-03-20";
  const dep = localToUtc(wall(`${day}T11:05`), "Europe/London");
  const arr = dep + 14 * HOUR;
  const back = localToUtc(wall(`${addDays(day, 11)}T10:30`), "Asia/Tokyo");
  const backArr = back + 14 * HOUR + 30 * 60_000;
  const checkIn = localToUtc(wall(`${addDays(day, 1)}T15:00`), "Asia/Tokyo");
  const checkOut = localToUtc(wall(`${addDays(day, 11)}T11:00`), "Asia/Tokyo");
  const pickup = arr + HOUR,
    dropoff = back - 3 * HOUR;
  const tour = localToUtc(wall(`${addDays(day, 3)}T09:00`), "Asia/Tokyo");
  const seg = (
    n: string,
    from: [string, string, string],
    to: [string, string, string],
    at: number,
    minutes: number,
  ) => ({
    flightNumber: n,
    from: from[0],
    to: to[0],
    fromCity: from[1],
    toCity: to[1],
    departureLocal: formatLocal(at, from[2]),
    departureZone: from[2],
    arrivalLocal: formatLocal(at + minutes * 60_000, to[2]),
    arrivalZone: to[2],
    durationMinutes: minutes,
  });
  const LHR: [string, string, string] = ["LHR", "London", "Europe/London"],
    HND: [string, string, string] = ["HND", "Tokyo", "Asia/Tokyo"];
  const shares = { flight: 184_000, hotel: 96_050, car: 31_020, experience: 12_345 };
  const total = shares.flight + shares.hotel + shares.car + shares.experience;
  const bookingId = randomUUID();
  const reference = `DOC-${tag}`;
  const ids = { flight: randomUUID(), hotel: randomUUID(), car: randomUUID(), experience: randomUUID() };

  await db.transaction(async (tx) => {
    await tx.insert(bookings).values({
      id: bookingId,
      userId: user.id,
      bookingReference: reference,
      bookingType: "package",
      status: "confirmed",
      totalMinor: total,
      currency,
      paidMinor: total,
      travelers,
      contactInfo: { email, name: `${travelers[0].firstName} ${travelers[0].lastName}` },
      contactEmail: email,
      leadLastName: travelers[0].lastName,
      travelStartAt: new Date(dep),
      travelEndAt: new Date(backArr),
      createdAt: new Date(dep - 40 * DAY),
    });
    await tx.insert(bookingItems).values([
      {
        id: ids.flight,
        bookingId,
        category: "flight",
        providerCode: "doc-air",
        providerBookingId: `AIR-${tag}`,
        providerConfirmationNumber: "QX7PNR",
        itemDetails: {
          title: `DA 101 LHR → HND and back`,
          airline: "Doc Air",
          pnr: "QX7PNR",
          cabin: "premium_economy",
          baggage: { cabinKg: 8, checkedBags: 2 },
          segments: [seg("DA101", LHR, HND, dep, 840), seg("DA102", HND, LHR, back, 870)],
        },
        priceMinor: shares.flight,
        priceCurrency: currency,
        chargeShareMinor: shares.flight,
        startAt: new Date(dep),
        endAt: new Date(backArr),
        startZone: "Europe/London",
        endZone: "Europe/London",
        travelerIndices: everyone,
      },
      {
        id: ids.hotel,
        bookingId,
        category: "hotel",
        providerCode: "doc-hotels",
        providerBookingId: `HTL-${tag}`,
        providerConfirmationNumber: "H-55120",
        itemDetails: {
          title: "Sakura Inn, Tokyo",
          name: "Sakura Inn",
          city: "Tokyo",
          country: "JP",
          address: "12 Market Street, Tokyo",
          roomType: "Family Room",
          rooms: 4,
          nights: 10,
          guests: travelers.length,
          board: "breakfast",
          checkInLocal: formatLocal(checkIn, "Asia/Tokyo"),
          checkOutLocal: formatLocal(checkOut, "Asia/Tokyo"),
        },
        priceMinor: shares.hotel,
        priceCurrency: currency,
        chargeShareMinor: shares.hotel,
        startAt: new Date(checkIn),
        endAt: new Date(checkOut),
        startZone: "Asia/Tokyo",
        endZone: "Asia/Tokyo",
        travelerIndices: everyone,
        dependsOnItemId: ids.flight,
      },
      {
        id: ids.car,
        bookingId,
        category: "car",
        providerCode: "doc-cars",
        providerBookingId: `CAR-${tag}`,
        providerConfirmationNumber: "C-9031",
        itemDetails: {
          title: "Compact · Toyota Corolla or similar",
          vehicleClass: "Compact",
          model: "Toyota Corolla",
          days: 10,
          driver: `${travelers[0].firstName} ${travelers[0].lastName}`,
          pickup: { location: "Tokyo HND airport", local: formatLocal(pickup, "Asia/Tokyo") },
          dropoff: { location: "Tokyo HND airport", local: formatLocal(dropoff, "Asia/Tokyo") },
        },
        priceMinor: shares.car,
        priceCurrency: currency,
        chargeShareMinor: shares.car,
        startAt: new Date(pickup),
        endAt: new Date(dropoff),
        startZone: "Asia/Tokyo",
        endZone: "Asia/Tokyo",
        travelerIndices: [0],
        dependsOnItemId: ids.flight,
      },
      {
        id: ids.experience,
        bookingId,
        category: "experience",
        providerCode: "doc-tours",
        providerBookingId: `EXP-${tag}`,
        providerConfirmationNumber: "T-777",
        itemDetails: {
          title: "Food market tasting, Tokyo",
          name: "Food market tasting",
          city: "Tokyo",
          durationMinutes: 180,
          participants: travelers.length,
          meetingPoint: meetingPayload,
          startLocal: formatLocal(tour, "Asia/Tokyo"),
        },
        priceMinor: shares.experience,
        priceCurrency: currency,
        chargeShareMinor: shares.experience,
        startAt: new Date(tour),
        endAt: new Date(tour + 3 * HOUR),
        startZone: "Asia/Tokyo",
        endZone: "Asia/Tokyo",
        travelerIndices: everyone,
      },
    ]);
    const [charge] = await tx
      .insert(paymentTransactions)
      .values({
        bookingId,
        kind: "charge",
        status: "succeeded",
        amountMinor: total,
        currency,
        createdAt: new Date(dep - 40 * DAY),
      })
      .returning({ id: paymentTransactions.id });
    // A goodwill refund (succeeded: the trigger adds it to the booking's refunded amount).
    await tx.insert(refunds).values({
      bookingId,
      paymentTransactionId: charge.id,
      refundReference: `RF-${tag}`,
      idempotencyKey: `refund:${tag}`,
      amountMinor: 2_500,
      currency,
      status: "succeeded",
      reason: "Goodwill <i>gesture</i>",
      breakdown: {
        baseMinor: 3_000,
        cancellationFeeMinor: 0,
        processingFeeMinor: 500,
        finalRefundMinor: 2_500,
        items: [],
      },
      createdAt: new Date(dep - 20 * DAY),
    });
    await tx.insert(bookingModifications).values({
      bookingId,
      bookingItemId: ids.hotel,
      modificationType: "date_change",
      status: "confirmed",
      requestDetails: {},
      currency,
      feeMinor: 4_000,
      priceDifferenceMinor: 0,
      totalCostMinor: 4_000,
      createdAt: new Date(dep - 30 * DAY),
    });
  });
  return { bookingId, reference, userId: user.id, email, items: ids };
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}

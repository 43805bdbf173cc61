// Bookings for the money-integrity property: one hotel item at a sandbox provider (so a
// cancellation really goes through the provider step) paid by a mix of tenders as the intake
// writes them: a card charge that exists at the local gateway, promo value (the checkout's, no
// gateway), and travel credit captured from a hold on the traveler's account in the booking's
// own transaction (server/services/credits/capture-tenders.ts).
import { randomBytes, randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { inject } from "vitest";
import { createDb, type Db } from "@/db/client";
import { bookingItems, bookings, paymentTransactions, providers } from "@/db/schema";
import { opsActor } from "@/server/domain/actor";
import { createLocalCharge } from "@/server/payments/local-gateway";
import { bookAtSandbox } from "@/server/providers/sandbox/book";
import { createApiClient } from "@/server/services/api-clients/manage-clients";
import { captureHold, placeHold } from "@/server/services/credits/holds";
import { giveCredit, travelerAccount } from "@/tests/fixtures/credits";
import { testPolicy } from "@/tests/fixtures/disputes";
import { withDatabase } from "@/tests/global-setup";

export const CURRENCY = "EUR";

export type Tenders = { cardMinor: number; promoMinor: number; creditMinor: number };
export type PropBooking = {
  bookingId: string;
  reference: string;
  userId: string;
  card: { paymentId: string; paymentIntentId: string; amountMinor: number };
  promoPaymentId: string | null;
  creditPaymentId: string | null;
};

/**
 * The provider and the API client the credit holds belong to; once per database. The provider's
 * code is new each time: provider adapters are cached per code for the process (with their database).
 */
export async function seedMoneyWorld(db: Db): Promise<{ clientId: string; provider: string }> {
  const provider = `money-prop-${randomBytes(4).toString("hex")}`;
  await db
    .insert(providers)
    .values({ code: provider, name: "Prop Hotels", category: "hotel", adapter: "sandbox", webhookSecret: "whsec_p" })
    .onConflictDoNothing();
  const client = await createApiClient(db, { name: "prop-checkout", actor: opsActor("founder@example.com") });
  return { clientId: client.id, provider };
}

export async function insertTenderBooking(
  db: Db,
  world: { clientId: string; provider: string },
  t: Tenders,
): Promise<PropBooking> {
  const { clientId, provider } = world;
  const tag = randomBytes(5).toString("hex").toUpperCase();
  const total = t.cardMinor + t.promoMinor + t.creditMinor;
  const userId = await travelerAccount(db);
  let holdId: string | null = null;
  if (t.creditMinor > 0) {
    await giveCredit(db, userId, t.creditMinor, CURRENCY, new Date(Date.now() + 365 * 86_400_000));
    const { hold } = await placeHold(db, clientId, {
      account: userId,
      amountMinor: t.creditMinor,
      currency: CURRENCY,
      idempotencyKey: `prop-${tag}`,
    });
    holdId = hold.id;
  }
  const charge = await createLocalCharge(db, { amountMinor: t.cardMinor, currency: CURRENCY });
  const bookingId = randomUUID(),
    itemId = randomUUID();
  const start = new Date("2031-06-01T14:00:00Z"),
    end = new Date("2031-06-05T10:00:00Z");
  const details = { title: "Casa do Rio, Lisbon", name: "Casa do Rio", city: "Lisbon", nights: 4, roomType: "Double" };
  await bookAtSandbox(db, [
    { providerCode: provider, providerBookingId: `HTL-${tag}`, details, priceMinor: total, currency: CURRENCY },
  ]);
  await db.execute(
    sql`update sandbox_provider_settings set latency_ms = 0, jitter_ms = 0, error_rate_bps = 0 where provider_code = ${provider}`,
  );
  const ids = { card: randomUUID(), promo: randomUUID(), credit: randomUUID() };
  await db.transaction(async (tx) => {
    await tx.insert(bookings).values({
      id: bookingId,
      bookingReference: `MNY-${tag}`,
      bookingType: "single",
      status: "confirmed",
      totalMinor: total,
      currency: CURRENCY,
      paidMinor: total,
      userId,
      travelers: [{ firstName: "Ana", lastName: "Lima", type: "adult" }],
      contactInfo: { email: `ana.${tag.toLowerCase()}@example.com`, name: "Ana Lima" },
      contactEmail: `ana.${tag.toLowerCase()}@example.com`,
      leadLastName: "Lima",
      travelStartAt: start,
      travelEndAt: end,
      checkoutSessionId: randomUUID(),
    });
    await tx.insert(bookingItems).values({
      id: itemId,
      bookingId,
      category: "hotel",
      providerCode: provider,
      providerBookingId: `HTL-${tag}`,
      providerConfirmationNumber: `H-${tag}`,
      itemDetails: details,
      priceMinor: total,
      priceCurrency: CURRENCY,
      chargeShareMinor: total,
      startAt: start,
      endAt: end,
      startZone: "Europe/Lisbon",
      endZone: "Europe/Lisbon",
      travelerIndices: [0],
      cancellationPolicy: testPolicy,
    });
    const paid = { bookingId, kind: "charge" as const, status: "succeeded" as const, currency: CURRENCY };
    await tx.insert(paymentTransactions).values({
      ...paid,
      id: ids.card,
      amountMinor: t.cardMinor,
      method: "card",
      gateway: "local",
      funding: "credit",
      stripePaymentIntentId: charge.paymentIntentId,
      stripeChargeId: charge.chargeId,
    });
    if (t.promoMinor > 0)
      await tx
        .insert(paymentTransactions)
        .values({ ...paid, id: ids.promo, amountMinor: t.promoMinor, method: "promo", gateway: "none" });
    if (holdId) {
      await tx
        .insert(paymentTransactions)
        .values({ ...paid, id: ids.credit, amountMinor: t.creditMinor, method: "credit", gateway: "ledger" });
      await captureHold(tx, {
        clientId,
        holdId,
        amountMinor: t.creditMinor,
        currency: CURRENCY,
        paymentTransactionId: ids.credit,
        bookingId,
        now: new Date(),
      });
    }
  });
  return {
    bookingId,
    reference: `MNY-${tag}`,
    userId,
    card: { paymentId: ids.card, paymentIntentId: charge.paymentIntentId, amountMinor: t.cardMinor },
    promoPaymentId: t.promoMinor > 0 ? ids.promo : null,
    creditPaymentId: holdId ? ids.credit : null,
  };
}

/**
 * A fresh migrated database for one property run (CREATE DATABASE … TEMPLATE, milliseconds), so
 * the money check, which looks at everything, sees only this run; dropped afterwards.
 */
export async function withRunDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const adminUrl = inject("adminUrl");
  const name = `${inject("runPrefix")}_m${randomBytes(5).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}" template "${inject("templateDb")}"`);
    const db = createDb(withDatabase(adminUrl, name), { max: 6 });
    try {
      return await fn(db);
    } finally {
      await db.$sql.end({ timeout: 5 });
    }
  } finally {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

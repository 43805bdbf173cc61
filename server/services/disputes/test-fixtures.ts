// Test helpers for disputes: a paid booking whose charge exists in payment_transactions and at the
// local gateway (same ids, as a checkout would leave them), and the gateway's Stripe-shaped events.
import { randomBytes, randomUUID } from "node:crypto";
import { asc, eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import type { Db } from "@/db/client";
import {
  bookingCommunications,
  bookingItems,
  bookings,
  localGatewayEvents,
  paymentTransactions,
  providers,
} from "@/db/schema";
import type { Traveler } from "@/db/schema/bookings";
import type { CancellationPolicy } from "@/server/domain/policy";
import type { BookingStatus } from "@/server/domain/statuses";
import { createLocalCharge } from "@/server/payments/local-gateway";

export const testPolicy: CancellationPolicy = {
  refundable: true,
  zone: "Europe/Lisbon",
  processingFeeMinor: 0,
  tiers: [
    {
      fromLocal: "2031-05-01T00:00",
      penalty: { kind: "percentage", bps: 5_000 },
      description: "50% fee from 1 May 2031",
    },
    { fromLocal: "2031-05-28T00:00", penalty: { kind: "full" }, description: "No refund from 28 May 2031" },
  ],
};

export type DisputableBooking = {
  bookingId: string;
  reference: string;
  paymentId: string;
  paymentIntentId: string;
  chargeId: string;
  itemId: string;
};

export async function insertDisputableBooking(
  db: Db,
  opts: {
    status?: BookingStatus;
    amountMinor?: number;
    currency?: string;
    travelers?: Traveler[];
    email?: string;
    withComms?: boolean;
  } = {},
): Promise<DisputableBooking> {
  await db
    .insert(providers)
    .values({
      code: "dispute-hotels",
      name: "Dispute Hotels",
      category: "hotel",
      adapter: "sandbox",
      webhookSecret: "whsec_disputes",
    })
    .onConflictDoNothing();
  const tag = randomBytes(4).toString("hex").toUpperCase();
  const amount = opts.amountMinor ?? 80_000,
    currency = opts.currency ?? "EUR";
  const travelers = opts.travelers ?? [{ firstName: "Ana", lastName: "Silva", type: "adult" }];
  const email = opts.email ?? `ana.${tag.toLowerCase()}@example.com`;
  const bookingId = randomUUID(),
    itemId = randomUUID();
  const paymentIntentId = `pi_test_${tag}`,
    chargeId = `ch_test_${tag}`;
  const start = new Date("2031-06-01T14:00:00Z"),
    end = new Date("2031-06-05T10:00:00Z");
  const createdAt = new Date(Date.now() - 20 * 86_400_000);
  let paymentId = "";
  await db.transaction(async (tx) => {
    await tx.insert(bookings).values({
      id: bookingId,
      bookingReference: `DSP-${tag}`,
      bookingType: "single",
      status: opts.status ?? "confirmed",
      totalMinor: amount,
      currency,
      paidMinor: amount,
      travelers,
      contactInfo: { email, name: `${travelers[0].firstName} ${travelers[0].lastName}` },
      contactEmail: email,
      leadLastName: travelers[0].lastName,
      travelStartAt: start,
      travelEndAt: end,
      createdAt,
      checkoutSessionId: randomUUID(),
    });
    await tx.insert(bookingItems).values({
      id: itemId,
      bookingId,
      category: "hotel",
      providerCode: "dispute-hotels",
      providerBookingId: `HTL-${tag}`,
      providerConfirmationNumber: `H-${tag}`,
      itemDetails: { title: "Casa do Rio, Lisbon", name: "Casa do Rio", city: "Lisbon", nights: 4, roomType: "Double" },
      priceMinor: amount,
      priceCurrency: currency,
      chargeShareMinor: amount,
      startAt: start,
      endAt: end,
      startZone: "Europe/Lisbon",
      endZone: "Europe/Lisbon",
      travelerIndices: travelers.map((_, k) => k),
      cancellationPolicy: testPolicy,
    });
    const [p] = await tx
      .insert(paymentTransactions)
      .values({
        bookingId,
        kind: "charge",
        status: "succeeded",
        amountMinor: amount,
        currency,
        gateway: "local",
        stripePaymentIntentId: paymentIntentId,
        stripeChargeId: chargeId,
        createdAt,
      })
      .returning({ id: paymentTransactions.id });
    paymentId = p.id;
    if (opts.withComms !== false) {
      await tx.insert(bookingCommunications).values([
        {
          bookingId,
          type: "confirmation_email",
          channel: "email",
          recipientEmail: email,
          subject: `Booking DSP-${tag} confirmed`,
          status: "opened",
          sentAt: new Date(createdAt.getTime() + 60_000),
          deliveredAt: new Date(createdAt.getTime() + 90_000),
          openedAt: new Date(createdAt.getTime() + 3_600_000),
          createdAt,
        },
        {
          bookingId,
          type: "trip_reminder",
          channel: "email",
          recipientEmail: email,
          subject: "Your trip is coming up",
          status: "delivered",
          sentAt: new Date(createdAt.getTime() + 86_400_000),
          deliveredAt: new Date(createdAt.getTime() + 86_400_000 + 60_000),
          createdAt: new Date(createdAt.getTime() + 86_400_000),
        },
      ]);
    }
  });
  await createLocalCharge(db, { id: paymentIntentId, chargeId, amountMinor: amount, currency });
  return { bookingId, reference: `DSP-${tag}`, paymentId, paymentIntentId, chargeId, itemId };
}

/** The local gateway's events about one dispute, oldest first, as the webhook route would pass them on. */
export async function gatewayEventsOf(db: Db, stripeDisputeId: string): Promise<Stripe.Event[]> {
  const rows = await db
    .select({ payload: localGatewayEvents.payload })
    .from(localGatewayEvents)
    .where(sql`${localGatewayEvents.payload}->'data'->'object'->>'id' = ${stripeDisputeId}`)
    .orderBy(asc(localGatewayEvents.seq));
  return rows.map((r) => r.payload as unknown as Stripe.Event);
}

/** A Stripe-shaped event for a dispute object (another type, or a changed field), as Stripe would send. */
export function disputeEvent(base: Stripe.Event, type: string, patch: Record<string, unknown> = {}): Stripe.Event {
  const object = { ...(base.data.object as unknown as Record<string, unknown>), ...patch };
  return {
    ...base,
    id: `evt_test_${randomBytes(6).toString("hex")}`,
    type,
    data: { object },
  } as unknown as Stripe.Event;
}

export async function bookingOf(db: Db, bookingId: string) {
  const [b] = await db.select().from(bookings).where(eq(bookings.id, bookingId));
  return b;
}

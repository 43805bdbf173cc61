import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/bookings/route";
import { provideDb } from "@/db/client";
import type Stripe from "stripe";
import { bookingItems, bookings, bookingStatusHistory, outbox, paymentTransactions } from "@/db/schema";
import { intakeRequests } from "@/db/schema/intake";
import { opsActor } from "@/server/domain/actor";
import type { IntakeAnswer, IntakeError } from "@/server/domain/intake/answer";
import { createApiClient } from "@/server/services/api-clients/manage-clients";
import { issueApiKey } from "@/server/services/api-clients/manage-keys";
import { processPaymentEvent } from "@/server/services/payment-events/process-payment-event";
import { storePaymentEvent } from "@/server/services/payment-events/store-payment-event";
import { createTestDb } from "@/tests/db";
import { intakeBooking } from "./intake-booking";
import { commitGrouped } from "./store-intakes";
import { intakeBody, seedIntakeProviders } from "@/tests/fixtures/intake";

// The intake API through its route handler, on the real PostgreSQL: what is stored, what a retry
// gets back, and that a refused body leaves nothing behind.

const db = await createTestDb();
provideDb(db);
let key = "";
let clientId = "";

beforeAll(async () => {
  await seedIntakeProviders(db);
  const client = await createApiClient(db, { name: "checkout", actor: opsActor("founder@example.com") });
  clientId = client.id;
  key = (await issueApiKey(db, { clientId, name: "test", actor: opsActor("founder@example.com") })).key;
});

async function post(body: unknown, headers: Record<string, string> = {}) {
  const res = await POST(
    new Request("http://localhost/api/v1/bookings", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
  return { status: res.status, headers: res.headers, json: (await res.json()) as IntakeAnswer & IntakeError };
}

const countsFor = async (sessionId: string) => {
  const [row] = await db.execute<{ bookings: number; items: number; payments: number; events: number }>(sql`
    select (select count(*)::int from bookings where checkout_session_id = ${sessionId}) as bookings,
           (select count(*)::int from booking_items i join bookings b on b.id = i.booking_id where b.checkout_session_id = ${sessionId}) as items,
           (select count(*)::int from payment_transactions p join bookings b on b.id = p.booking_id where b.checkout_session_id = ${sessionId}) as payments,
           (select count(*)::int from outbox o join bookings b on b.id::text = o.data->>'bookingId' where b.checkout_session_id = ${sessionId} and o.name = 'booking/created') as events`);
  return row;
};

describe("POST /api/v1/bookings", () => {
  it("stores a pending booking with its items, card payment, history and event, and answers 201", async () => {
    const body = intakeBody();
    const res = await post(body);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ status: "pending", items: [{ status: "pending" }, { status: "pending" }] });
    const [b] = await db.select().from(bookings).where(eq(bookings.id, res.json.bookingId));
    expect(b).toMatchObject({
      status: "pending",
      bookingReference: res.json.reference,
      bookingType: "package",
      totalMinor: 154_000,
      paidMinor: 154_000,
      currency: "EUR",
      leadLastName: "Lima",
      checkoutSessionId: body.checkoutSessionId,
    });
    expect(b.travelers[0].accessibilityNeeds).toEqual(["WCHR"]);
    expect(b.travelStartAt?.toISOString()).toBe("2027-05-10T08:00:00.000Z"); // 09:00 in Lisbon (WEST)
    expect(b.travelEndAt?.toISOString()).toBe("2027-05-14T15:00:00.000Z"); // 11:00 in New York (EDT)
    const items = await db.select().from(bookingItems).where(eq(bookingItems.bookingId, b.id));
    const flight = items.find((i) => i.category === "flight")!;
    const hotel = items.find((i) => i.category === "hotel")!;
    expect(flight).toMatchObject({
      status: "pending",
      providerBookingId: body.items[0].providerReference,
      chargeShareMinor: 98_000,
    });
    expect(flight.endAt?.toISOString()).toBe("2027-05-10T21:05:00.000Z");
    expect((flight.itemDetails.segments as { operatingCarrier: { code: string } }[])[1].operatingCarrier.code).toBe(
      "AA",
    );
    expect(hotel).toMatchObject({ priceMinor: 61_000, priceCurrency: "USD", dependsOnItemId: flight.id });
    expect(hotel.itemDetails.nights).toBe(4);
    const [pay] = await db.select().from(paymentTransactions).where(eq(paymentTransactions.bookingId, b.id));
    expect(pay).toMatchObject({
      kind: "charge",
      status: "succeeded",
      amountMinor: 154_000,
      funding: "credit",
      stripePaymentIntentId: body.tenders[0].paymentIntentId,
      stripeCustomerId: body.customer!.stripeCustomerId,
      stripePaymentMethodId: "pm_card_visa",
    });
    const history = await db.select().from(bookingStatusHistory).where(eq(bookingStatusHistory.bookingId, b.id));
    expect(history).toEqual([
      expect.objectContaining({ fromStatus: null, toStatus: "pending", changedBy: "api_client", actorId: clientId }),
    ]);
    const events = await db
      .select({ data: outbox.data })
      .from(outbox)
      .where(sql`${outbox.name} = 'booking/created' and ${outbox.data}->>'bookingId' = ${b.id}`);
    expect(events.map((e) => e.data)).toEqual([expect.objectContaining({ status: "pending", reason: "created" })]);
  });

  it("answers a retry with the first answer and stores nothing twice; another body under the same id is a 409", async () => {
    const body = intakeBody();
    const first = await post(body);
    const again = await post(body);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.json).toEqual(first.json);
    const changed = { ...body, totalMinor: body.totalMinor };
    changed.contact = { ...body.contact, name: "Ana M. Lima" };
    const conflict = await post(changed);
    expect(conflict.status).toBe(409);
    expect(conflict.json.issues![0].field).toBe("checkoutSessionId");
    expect(await countsFor(body.checkoutSessionId)).toEqual({ bookings: 1, items: 2, payments: 1, events: 1 });
    const log = await db
      .select({ outcome: intakeRequests.outcome })
      .from(intakeRequests)
      .where(eq(intakeRequests.sessionId, body.checkoutSessionId));
    expect(log.map((l) => l.outcome).sort()).toEqual(["conflict", "created", "duplicate"]);
  });

  it("creates one booking when the same request arrives several times at once", async () => {
    const body = intakeBody();
    const answers = await Promise.all(Array.from({ length: 6 }, () => post(body)));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.json.bookingId)).size).toBe(1);
    expect(await countsFor(body.checkoutSessionId)).toEqual({ bookings: 1, items: 2, payments: 1, events: 1 });
  });

  const refusals: [string, (b: ReturnType<typeof intakeBody>) => unknown, number, string][] = [
    ["an unknown currency", (b) => ({ ...b, currency: "XYZ" }), 422, "currency"],
    [
      "an item ending before it starts",
      (b) => {
        b.items[1].checkOut = { local: "2027-05-09T11:00", zone: "America/New_York" };
        return b;
      },
      422,
      "items.1.checkOut",
    ],
    [
      "an impossible date",
      (b) => {
        b.items[1].checkIn = { local: "2027-04-31T15:00", zone: "America/New_York" };
        return b;
      },
      422,
      "items.1.checkIn.local",
    ],
    [
      "a policy tier above 100%",
      (b) => {
        b.items[0].cancellationPolicy.tiers[0].penalty = { kind: "percentage", bps: 10_001 };
        return b;
      },
      422,
      "items.0.cancellationPolicy.tiers.0.penalty.bps",
    ],
    [
      "charge shares that do not add up",
      (b) => {
        b.items[1].chargeShareMinor += 1;
        return b;
      },
      422,
      "items",
    ],
    [
      "fares that do not add up to the price",
      (b) => {
        b.items[0].fares[1].taxesMinor += 100;
        return b;
      },
      422,
      "items.0.fares",
    ],
    [
      "tenders that do not add up",
      (b) => {
        b.tenders[0].amountMinor -= 1;
        return b;
      },
      422,
      "tenders",
    ],
    [
      "a credit tender without its hold",
      (b) => ({ ...b, tenders: [{ type: "credit", amountMinor: b.totalMinor, currency: "EUR" }] }),
      422,
      "tenders.0.holdId",
    ],
    ["a decimal amount", (b) => ({ ...b, totalMinor: 1540.5 }), 422, "totalMinor"],
    [
      "an unknown time zone",
      (b) => {
        b.items[0].segments[0].departure.zone = "Europe/Atlantis";
        return b;
      },
      422,
      "items.0.segments.0.departure.zone",
    ],
    [
      "a traveler index that does not exist",
      (b) => ({ ...b, items: [{ ...b.items[0], travelers: [0, 5] }, b.items[1]] }),
      422,
      "items.0.travelers.1",
    ],
    [
      "an unknown provider",
      (b) => {
        b.items[1].provider = "no-such-hotels";
        return b;
      },
      422,
      "items.1.provider",
    ],
  ];
  it.each(refusals)("refuses %s naming the field, and stores nothing", async (_, change, status, field) => {
    const body = intakeBody();
    const res = await post(change(structuredClone(body)));
    expect(res.status).toBe(status);
    expect(res.json.issues!.map((i: { field: string }) => i.field)).toContain(field);
    expect(await countsFor(body.checkoutSessionId)).toEqual({ bookings: 0, items: 0, payments: 0, events: 0 });
  });

  it("refuses a provider booking or a payment that already belongs to another booking with a 409", async () => {
    const first = intakeBody();
    expect((await post(first)).status).toBe(201);
    const sameFlight = intakeBody();
    sameFlight.items[0].providerReference = first.items[0].providerReference;
    const a = await post(sameFlight);
    expect([a.status, a.json.issues![0].field]).toEqual([409, "items.0.providerReference"]);
    const samePayment = intakeBody();
    samePayment.tenders[0].paymentIntentId = first.tenders[0].paymentIntentId;
    const b = await post(samePayment);
    expect([b.status, b.json.issues![0].field]).toEqual([409, "tenders.0.paymentIntentId"]);
    expect(await countsFor(sameFlight.checkoutSessionId)).toEqual({ bookings: 0, items: 0, payments: 0, events: 0 });
  });

  it("answers bad JSON with 400, a wrong content type with 415, no or a wrong key with 401, and too large a body with 413", async () => {
    expect((await post("{ not json")).status).toBe(400);
    expect((await post(intakeBody(), { "content-type": "text/plain" })).status).toBe(415);
    expect((await post(intakeBody(), { authorization: "" })).status).toBe(401);
    expect(
      (await post(intakeBody(), { authorization: "Bearer bk_nottherightkeyatallnottherightkeyatall12345" })).status,
    ).toBe(401);
    const big = await post(JSON.stringify({ ...intakeBody(), source: "x".repeat(1024 * 1024) }));
    expect(big.status).toBe(413);
    expect(big.json.message).toContain("1 MB");
  });

  /** Stripe's `payment_intent.succeeded` for the checkout's charge, as the webhook route stores it. */
  async function paymentSucceeded(tender: { paymentIntentId: string; chargeId?: string; amountMinor: number }) {
    const event = {
      id: `evt_${tender.paymentIntentId}_${Math.random().toString(36).slice(2)}`,
      object: "event",
      type: "payment_intent.succeeded",
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      data: {
        object: {
          id: tender.paymentIntentId,
          object: "payment_intent",
          amount: tender.amountMinor,
          amount_received: tender.amountMinor,
          currency: "eur",
          status: "succeeded",
          latest_charge: tender.chargeId ?? null,
          metadata: {},
        },
      },
    } as unknown as Stripe.Event;
    const id = await storePaymentEvent(db, event);
    return processPaymentEvent(db, id!);
  }

  it("matches the gateway's payment event to the intake's charge, whether it arrives before or after: one payment", async () => {
    const before = intakeBody();
    const early = await paymentSucceeded(before.tenders[0] as never);
    expect(early.action).toMatch(/^ignored/);
    expect((await post(before)).status).toBe(201);

    const after = intakeBody();
    delete after.tenders[0].chargeId; // the event brings it
    expect((await post(after)).status).toBe(201);
    const late = await paymentSucceeded({ ...after.tenders[0], chargeId: "ch_from_event" } as never);
    expect(late.action).toMatch(/^matched to booking/);

    for (const body of [before, after]) expect((await countsFor(body.checkoutSessionId)).payments).toBe(1);
    const [pay] = await db
      .select()
      .from(paymentTransactions)
      .where(eq(paymentTransactions.stripePaymentIntentId, after.tenders[0].paymentIntentId));
    expect(pay).toMatchObject({ status: "succeeded", amountMinor: 154_000, stripeChargeId: "ch_from_event" });
  });

  it("stores bookings that arrive together in one commit, and answers a refused one and a retry on their own", async () => {
    const commit = commitGrouped(db);
    const client = { id: clientId, name: "checkout", kind: "checkout" as const };
    const taken = intakeBody();
    expect((await post(taken)).status).toBe(201);
    const fresh = Array.from({ length: 5 }, () => intakeBody());
    const clash = intakeBody();
    clash.items[1].providerReference = taken.items[1].providerReference;
    const bodies = [...fresh, clash, fresh[0]];
    const answers = await Promise.all(bodies.map((b) => intakeBooking(db, client, JSON.stringify(b), commit)));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201, 409, 201]);
    expect((answers[5].body as { issues: { field: string }[] }).issues[0].field).toBe("items.1.providerReference");
    expect((answers[6].body as { bookingId: string }).bookingId).toBe(
      (answers[0].body as { bookingId: string }).bookingId,
    );
    for (const b of fresh)
      expect(await countsFor(b.checkoutSessionId)).toEqual({ bookings: 1, items: 2, payments: 1, events: 1 });
    expect((await countsFor(clash.checkoutSessionId)).bookings).toBe(0);
  });
});

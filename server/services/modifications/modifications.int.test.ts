import { and, eq, sql } from "drizzle-orm";
import { TRPCError } from "@trpc/server";
import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import {
  bookingCommunications,
  bookingItems,
  bookingModifications,
  bookings,
  bookingStatusHistory,
  localGatewayEvents,
  localGatewayPaymentIntents,
  outbox,
  paymentTransactions,
  refunds,
} from "@/db/schema";
import { itemOnNewDates, type DatedItem } from "@/server/domain/modification";
import { completeLocalAction, localActionUrl, paymentGateway } from "@/server/payments";
import { providerAdapter } from "@/server/providers";
import { createTestDb } from "@/tests/db";
import { callerAs, sessions } from "@/tests/sessions";
import { handlePaymentIntentEvent } from "./handle-payment-intent-event";
import { completeLocalPayment } from "./local-payment-page";
import { expireUnpaidModifications, UNPAID_CHANGE_EXPIRES_MS } from "./expire-unpaid";
import { processModification } from "./process-modification";
import { addDays, eventsNamed, insertModBooking, type ModBooking, twin } from "@/tests/fixtures/modifications";

const db = await createTestDb();
const api = (b: ModBooking) => callerAs(db, b.session).portal.modifications;
const row = async (id: string) =>
  (await db.select().from(bookingModifications).where(eq(bookingModifications.id, id)))[0];
const booking = async (id: string) => (await db.select().from(bookings).where(eq(bookings.id, id)))[0];
const item = async (id: string) => (await db.select().from(bookingItems).where(eq(bookingItems.id, id)))[0];
const feePayments = (bookingId: string) =>
  db
    .select()
    .from(paymentTransactions)
    .where(and(eq(paymentTransactions.bookingId, bookingId), eq(paymentTransactions.kind, "fee_charge")));
const confirmations = (bookingId: string) =>
  db
    .select()
    .from(bookingCommunications)
    .where(
      and(eq(bookingCommunications.bookingId, bookingId), eq(bookingCommunications.type, "modification_confirmation")),
    );

/** The local gateway's own Stripe-shaped events about an intent, as the webhook route would hand them over. */
async function gatewayEvents(intentId: string, type: string): Promise<Stripe.Event[]> {
  const rows = await db
    .select()
    .from(localGatewayEvents)
    .where(
      and(eq(localGatewayEvents.type, type), sql`${localGatewayEvents.payload}->'data'->'object'->>'id' = ${intentId}`),
    );
  return rows.map((r) => r.payload as unknown as Stripe.Event);
}

describe("name change", () => {
  it("with no fee: quoted free, submitted at once, the traveler record changes only when the provider confirms", async () => {
    const b = await insertModBooking(db);
    const q = await api(b).nameChange({
      reference: b.reference,
      travelerIndex: 1,
      firstName: "Rui",
      lastName: "Costa-Lima",
    });
    expect(q).toMatchObject({ status: "pending", feeMinor: 0, totalCostMinor: 0, paymentRequired: false });
    const c = await api(b).confirm({ modificationId: q.id });
    expect(c).toMatchObject({ status: "submitted" });
    expect((await booking(b.bookingId)).travelers[1].lastName).toBe("Costa"); // not before the provider
    expect(await eventsNamed(db, "modification/submitted", q.id)).toHaveLength(1);

    expect(await processModification(db, q.id)).toEqual({ action: "confirmed" });
    const after = await booking(b.bookingId);
    expect(after.travelers[1]).toMatchObject({ firstName: "Rui", lastName: "Costa-Lima" });
    expect(after.modificationCount).toBe(1);
    expect((await twin(db, "mod-hotels", `HTL-${b.reference.slice(4)}`)).details.travelerNames).toEqual({
      1: "Rui Costa-Lima",
    });
    expect(await row(q.id)).toMatchObject({ status: "confirmed", paymentTransactionId: null });
    expect(await feePayments(b.bookingId)).toHaveLength(0);
    expect(await confirmations(b.bookingId)).toHaveLength(1);
    expect(
      await db
        .select()
        .from(outbox)
        .where(and(eq(outbox.name, "documents/requested"), sql`${outbox.data}->>'bookingId' = ${b.bookingId}`)),
    ).toHaveLength(1);
    // Replayed step or event: nothing twice.
    expect(await processModification(db, q.id)).toEqual({ action: "skipped" });
    expect(await confirmations(b.bookingId)).toHaveLength(1);
  });

  it("two quotes confirmed at the same moment: one goes to the provider, the other is refused as a conflict", async () => {
    const b = await insertModBooking(db);
    const quote = (travelerIndex: number, lastName: string) =>
      api(b).nameChange({ reference: b.reference, travelerIndex, firstName: "Ana", lastName });
    const [q1, q2] = [await quote(0, "Sylva"), await quote(1, "Lima")];
    const outcomes = await Promise.allSettled([
      api(b).confirm({ modificationId: q1.id }),
      api(b).confirm({ modificationId: q2.id }),
    ]);
    const made = outcomes.filter((o) => o.status === "fulfilled");
    const refused = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason] : []));
    expect(made).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ code: "CONFLICT" });
    const statuses = [(await row(q1.id)).status, (await row(q2.id)).status].sort();
    expect(statuses).toEqual(["pending", "submitted"]);
  });

  it("with a fee: shown first, charged on the saved card when agreed, then made", async () => {
    const b = await insertModBooking(db);
    const q = await api(b).nameChange({
      reference: b.reference,
      travelerIndex: 0,
      firstName: "Ana",
      lastName: "Sylva",
    });
    // 3% of the 400.00 flight; the hotel is free.
    expect(q).toMatchObject({
      status: "pending",
      feeMinor: 1200,
      totalCostMinor: 1200,
      paymentRequired: true,
      currency: "EUR",
    });
    const c = await api(b).confirm({ modificationId: q.id });
    expect(c).toMatchObject({ status: "submitted", action: "submitted" });
    const [pay] = await feePayments(b.bookingId);
    expect(pay).toMatchObject({
      status: "succeeded",
      amountMinor: 1200,
      currency: "EUR",
      stripePaymentMethodId: "pm_card_visa",
    });
    const [pi] = await db
      .select()
      .from(localGatewayPaymentIntents)
      .where(eq(localGatewayPaymentIntents.id, pay.stripePaymentIntentId!));
    expect(pi.metadata).toMatchObject({ modificationId: q.id });
    expect((await booking(b.bookingId)).paidMinor).toBe(61_200);
    // A double click: the same state, no second charge.
    expect(await api(b).confirm({ modificationId: q.id })).toMatchObject({ status: "submitted", action: "noop" });
    expect(await feePayments(b.bookingId)).toHaveLength(1);

    expect(await processModification(db, q.id)).toEqual({ action: "confirmed" });
    const after = await booking(b.bookingId);
    expect(after.travelers[0]).toMatchObject({ firstName: "Ana", lastName: "Sylva" });
    expect(after.leadLastName).toBe("Sylva");
    expect((await twin(db, "mod-air", `AIR-${b.reference.slice(4)}`)).details.travelerNames).toEqual({
      0: "Ana Sylva",
    });
  });

  it("with a card that needs authentication: waits on the payment page, then continues exactly once", async () => {
    const b = await insertModBooking(db, { paymentMethod: "pm_card_authenticationRequired" });
    const q = await api(b).nameChange({
      reference: b.reference,
      travelerIndex: 0,
      firstName: "Anna",
      lastName: "Silva",
    });
    const c = await api(b).confirm({ modificationId: q.id });
    expect(c.status).toBe("awaiting_payment");
    const [pay] = await feePayments(b.bookingId);
    expect(pay.status).toBe("requires_action");
    expect(c.nextActionUrl).toBe(localActionUrl(pay.stripePaymentIntentId!));
    expect((await api(b).list({ reference: b.reference }))[0]).toMatchObject({
      status: "awaiting_payment",
      nextActionUrl: c.nextActionUrl,
    });
    // The requires_action event changes nothing more.
    for (const e of await gatewayEvents(pay.stripePaymentIntentId!, "payment_intent.requires_action")) {
      expect(await handlePaymentIntentEvent(db, e)).toMatchObject({ action: "requires_action" });
    }
    expect((await row(q.id)).status).toBe("awaiting_payment");

    // The traveler authenticates on the page: the change is submitted at once.
    const page = await completeLocalPayment(db, pay.stripePaymentIntentId!, "succeed");
    expect(page).toMatchObject({ status: "succeeded" });
    expect(page!.returnUrl).toContain(`/bookings/${b.reference}?modification=${q.id}`);
    expect((await row(q.id)).status).toBe("submitted");
    // Then the webhook, twice: nothing more.
    const [succeeded] = await gatewayEvents(pay.stripePaymentIntentId!, "payment_intent.succeeded");
    expect(succeeded).toBeDefined();
    expect(await handlePaymentIntentEvent(db, succeeded)).toMatchObject({ action: "noop" });
    expect(await handlePaymentIntentEvent(db, succeeded)).toMatchObject({ action: "noop" });
    // And the page submitted twice (back button): nothing more either.
    expect(await completeLocalPayment(db, pay.stripePaymentIntentId!, "succeed")).toMatchObject({
      status: "succeeded",
    });
    expect(await eventsNamed(db, "modification/submitted", q.id)).toHaveLength(1);
    expect((await booking(b.bookingId)).paidMinor).toBe(61_200);
    expect((await feePayments(b.bookingId))[0].status).toBe("succeeded");

    await processModification(db, q.id);
    await processModification(db, q.id);
    expect((await booking(b.bookingId)).travelers[0].firstName).toBe("Anna");
    expect(await eventsNamed(db, "modification/confirmed", q.id)).toHaveLength(1);
    expect(await confirmations(b.bookingId)).toHaveLength(1);
  });

  it("continues on the webhook when it arrives before the traveler returns", async () => {
    const b = await insertModBooking(db, { paymentMethod: "pm_card_authenticationRequired" });
    const q = await api(b).nameChange({
      reference: b.reference,
      travelerIndex: 0,
      firstName: "Ana",
      lastName: "Silvã",
    });
    await api(b).confirm({ modificationId: q.id });
    const [pay] = await feePayments(b.bookingId);
    await completeLocalAction(db, pay.stripePaymentIntentId!, "succeed"); // as the page would, without its continuation
    const [succeeded] = await gatewayEvents(pay.stripePaymentIntentId!, "payment_intent.succeeded");
    expect(await handlePaymentIntentEvent(db, succeeded)).toMatchObject({ action: "submitted" });
    expect(await handlePaymentIntentEvent(db, succeeded)).toMatchObject({ action: "noop" });
    // The return from the page finds it done.
    expect(await api(b).refreshPayment({ modificationId: q.id })).toMatchObject({ status: "submitted" });
    expect(await eventsNamed(db, "modification/submitted", q.id)).toHaveLength(1);
  });

  it("a payment never finished: after 24 hours the sweep voids it and cancels the change; one paid meanwhile goes ahead", async () => {
    const b = await insertModBooking(db, { paymentMethod: "pm_card_authenticationRequired" });
    const q = await api(b).nameChange({
      reference: b.reference,
      travelerIndex: 0,
      firstName: "Anya",
      lastName: "Silva",
    });
    await api(b).confirm({ modificationId: q.id });
    const paid = await insertModBooking(db, { paymentMethod: "pm_card_authenticationRequired" });
    const p = await api(paid).nameChange({
      reference: paid.reference,
      travelerIndex: 0,
      firstName: "Anja",
      lastName: "Silva",
    });
    await api(paid).confirm({ modificationId: p.id });
    const [paidPay] = await feePayments(paid.bookingId);
    await completeLocalAction(db, paidPay.stripePaymentIntentId!, "succeed"); // authenticated, but neither page nor webhook came back

    const sweep = (at: Date) => expireUnpaidModifications(db, at);
    expect((await row(q.id)).status).toBe("awaiting_payment");
    await sweep(new Date(Date.now() + UNPAID_CHANGE_EXPIRES_MS - 60_000)); // not yet
    expect((await row(q.id)).status).toBe("awaiting_payment");
    const later = new Date(Date.now() + UNPAID_CHANGE_EXPIRES_MS + 60_000);
    expect(await sweep(later)).toMatchObject({ expired: expect.any(Number), paidMeanwhile: expect.any(Number) });
    expect(await row(q.id)).toMatchObject({
      status: "cancelled",
      userNotes: expect.stringContaining("not completed within 24 hours"),
    });
    const [voided] = await feePayments(b.bookingId);
    expect((await paymentGateway(db).retrievePaymentIntent(voided.stripePaymentIntentId!)).status).toBe("canceled");
    expect((await booking(b.bookingId)).travelers[0].firstName).toBe("Ana");
    expect((await row(p.id)).status).toBe("submitted");
    expect((await booking(paid.bookingId)).paidMinor).toBeGreaterThan(60_000);
    // Nothing is left for a second sweep.
    expect(await sweep(later)).toEqual({ expired: 0, paidMeanwhile: 0 });
    expect([(await row(q.id)).status, (await row(p.id)).status]).toEqual(["cancelled", "submitted"]);
    expect(await eventsNamed(db, "modification/cancelled", q.id)).toHaveLength(1);
  });

  it("failed authentication: the change fails with a clear message and nothing changes", async () => {
    const b = await insertModBooking(db, { paymentMethod: "pm_card_authenticationRequired" });
    const q = await api(b).nameChange({
      reference: b.reference,
      travelerIndex: 0,
      firstName: "Ana",
      lastName: "Silvo",
    });
    await api(b).confirm({ modificationId: q.id });
    const [pay] = await feePayments(b.bookingId);
    await completeLocalPayment(db, pay.stripePaymentIntentId!, "fail");
    const m = await row(q.id);
    expect(m.status).toBe("failed");
    expect(m.userNotes).toMatch(/authentication failed.*Nothing was changed/);
    expect((await booking(b.bookingId)).travelers[0].lastName).toBe("Silva");
    expect((await booking(b.bookingId)).paidMinor).toBe(60_000);
  });

  it("the provider refuses after the fee was paid: the other provider's change is undone, the fee refunded once, the traveler record unchanged", async () => {
    const b = await insertModBooking(db);
    // Both names: a ticket transfer, which the airline refuses (the hotel would accept).
    const q = await api(b).nameChange({
      reference: b.reference,
      travelerIndex: 0,
      firstName: "Marta",
      lastName: "Reis",
    });
    expect(q.feeMinor).toBe(1200);
    await api(b).confirm({ modificationId: q.id });
    const [pay] = await feePayments(b.bookingId);
    // Ask the hotel first so that an undo is needed: reorder the targets as a multi-provider plan might.
    const m0 = await row(q.id);
    const d = m0.requestDetails as { targets: { itemId: string }[] };
    d.targets.sort((x) => (x.itemId === b.hotelId ? -1 : 1));
    await db.update(bookingModifications).set({ requestDetails: d }).where(eq(bookingModifications.id, q.id));

    expect(await processModification(db, q.id)).toEqual({ action: "rejected" });
    const m = await row(q.id);
    expect(m.status).toBe("rejected");
    expect(m.userNotes).toMatch(/mod-air declined the change: Tickets are non-transferable.*refunded/);
    expect((await booking(b.bookingId)).travelers[0]).toMatchObject({ firstName: "Ana", lastName: "Silva" });
    // The hotel had confirmed; it was put back.
    expect((await twin(db, "mod-hotels", `HTL-${b.reference.slice(4)}`)).details.travelerNames).toEqual({
      0: "Ana Silva",
    });
    const rs = await db.select().from(refunds).where(eq(refunds.paymentTransactionId, pay.id));
    expect(rs).toHaveLength(1);
    expect(rs[0]).toMatchObject({
      amountMinor: 1200,
      status: "succeeded",
      idempotencyKey: `refund:modification-charge:${q.id}`,
    });
    const [pi] = await db
      .select()
      .from(localGatewayPaymentIntents)
      .where(eq(localGatewayPaymentIntents.id, pay.stripePaymentIntentId!));
    expect(pi.refundedMinor).toBe(1200);
    expect((await booking(b.bookingId)).refundedMinor).toBe(1200);
    // Run again (a replayed step): no second refund.
    await processModification(db, q.id);
    expect(await db.select().from(refunds).where(eq(refunds.paymentTransactionId, pay.id))).toHaveLength(1);
    expect(await eventsNamed(db, "rollback/failed", q.id)).toHaveLength(0);
  });

  it("a declined card: failed with a clear message, nothing changed, nothing submitted", async () => {
    const b = await insertModBooking(db, { paymentMethod: "pm_card_chargeDeclinedInsufficientFunds" });
    const q = await api(b).nameChange({
      reference: b.reference,
      travelerIndex: 0,
      firstName: "Ana",
      lastName: "Silvah",
    });
    const c = await api(b).confirm({ modificationId: q.id });
    expect(c).toMatchObject({ status: "failed", action: "failed" });
    expect(c.message).toBe("Your card was declined: insufficient funds. Nothing was changed; you can try again.");
    expect(await booking(b.bookingId)).toMatchObject({ paidMinor: 60_000, modificationCount: 0 });
    expect((await booking(b.bookingId)).travelers[0].lastName).toBe("Silva");
    expect(await eventsNamed(db, "modification/submitted", q.id)).toHaveLength(0);
    expect((await twin(db, "mod-air", `AIR-${b.reference.slice(4)}`)).details.travelerNames).toBeUndefined();
  });
});

/** New dates for the hotel whose price moves the way `want` asks (the sandbox prices dates deterministically). */
async function hotelDates(b: ModBooking, want: (diff: number, fee: number) => boolean) {
  const h = await item(b.hotelId);
  const adapter = await providerAdapter(db, "mod-hotels");
  for (let k = 1; k < 400; k++) {
    const startDate = addDays("2031-05-10", k),
      endDate = addDays(startDate, 3);
    const dated = itemOnNewDates(h as DatedItem, startDate, endDate);
    const q = await adapter.quoteNewDates(h.providerBookingId!, dated);
    if (q.available && want(q.priceMinor - h.priceMinor, 1600)) return { startDate, endDate, priceMinor: q.priceMinor };
  }
  throw new Error("no such dates");
}

describe("date change", () => {
  it("a dearer date: difference + fee charged, the item moved (original kept), modified, documents asked for", async () => {
    const b = await insertModBooking(db);
    const pick = await hotelDates(b, (diff) => diff > 0);
    const options = await api(b).dateOptions({ reference: b.reference, itemId: b.hotelId, ...pick });
    const asked = options.options.find((o) => o.requested)!;
    expect(asked).toMatchObject({
      differenceMinor: pick.priceMinor - 20_000,
      feeMinor: 1600,
      chargeMinor: pick.priceMinor - 20_000 + 1600,
      refundMinor: 0,
    });
    expect(options.options.length).toBeGreaterThan(1); // alternatives around the asked dates

    const q = await api(b).dateChange({
      reference: b.reference,
      itemId: b.hotelId,
      startDate: pick.startDate,
      endDate: pick.endDate,
    });
    expect(q).toMatchObject({
      status: "pending",
      priceDifferenceMinor: asked.differenceMinor,
      feeMinor: 1600,
      totalCostMinor: asked.chargeMinor,
    });
    expect(await api(b).confirm({ modificationId: q.id })).toMatchObject({ status: "submitted" });
    expect(await processModification(db, q.id)).toEqual({ action: "confirmed" });

    const h = await item(b.hotelId);
    expect(h.status).toBe("modified");
    expect(h.itemDetails).toMatchObject({
      checkInLocal: `${pick.startDate}T15:00`,
      checkOutLocal: `${pick.endDate}T11:00`,
      nights: 3,
    });
    expect(h.originalDetails).toMatchObject({ checkInLocal: "2031-05-10T15:00" });
    expect(h).toMatchObject({ priceMinor: pick.priceMinor, chargeShareMinor: pick.priceMinor });
    expect(await booking(b.bookingId)).toMatchObject({
      totalMinor: 40_000 + pick.priceMinor,
      paidMinor: 60_000 + asked.chargeMinor,
    });
    const hist = await db.select().from(bookingStatusHistory).where(eq(bookingStatusHistory.bookingItemId, b.hotelId));
    expect(hist.map((x) => `${x.fromStatus}→${x.toStatus}`)).toEqual(["confirmed→modified"]);
    expect(await db.select().from(refunds).where(eq(refunds.bookingId, b.bookingId))).toHaveLength(0);
    expect(
      await db
        .select()
        .from(outbox)
        .where(and(eq(outbox.name, "documents/requested"), sql`${outbox.data}->>'bookingId' = ${b.bookingId}`)),
    ).toHaveLength(1);
    // The provider holds the new dates and price; its sequence is now ours.
    const t = await twin(db, "mod-hotels", h.providerBookingId!);
    expect(t).toMatchObject({ priceMinor: pick.priceMinor, sequence: 2 });
    expect(h.providerSequence).toBe(2);
  });

  it("a cheaper date: the difference less the fee is owed back as one pending refund, whatever replays", async () => {
    const b = await insertModBooking(db);
    const pick = await hotelDates(b, (diff, fee) => diff + fee < 0);
    const q = await api(b).dateChange({
      reference: b.reference,
      itemId: b.hotelId,
      startDate: pick.startDate,
      endDate: pick.endDate,
    });
    const owed = 20_000 - pick.priceMinor - 1600;
    expect(q).toMatchObject({ totalCostMinor: 0, paymentRequired: false, refundMinor: owed });
    await api(b).confirm({ modificationId: q.id });
    await processModification(db, q.id);
    await processModification(db, q.id);
    const rs = await db.select().from(refunds).where(eq(refunds.bookingId, b.bookingId));
    expect(rs).toHaveLength(1);
    expect(rs[0]).toMatchObject({
      amountMinor: owed,
      status: "pending",
      idempotencyKey: `refund:modification:${q.id}`,
      paymentTransactionId: b.chargeId,
      currency: "EUR",
    });
    expect(await eventsNamed(db, "refund/owed", q.id)).toHaveLength(1);
    expect(await feePayments(b.bookingId)).toHaveLength(0);
    expect((await item(b.hotelId)).chargeShareMinor).toBe(pick.priceMinor);
  });

  it("unavailable dates are refused before anything is recorded", async () => {
    const b = await insertModBooking(db);
    const h = await item(b.hotelId);
    const adapter = await providerAdapter(db, "mod-hotels");
    let pick: { startDate: string; endDate: string } | null = null;
    for (let k = 1; k < 400 && !pick; k++) {
      const startDate = addDays("2031-05-10", k),
        endDate = addDays(startDate, 3);
      if (
        !(await adapter.quoteNewDates(h.providerBookingId!, itemOnNewDates(h as DatedItem, startDate, endDate)))
          .available
      )
        pick = { startDate, endDate };
    }
    await expect(api(b).dateChange({ reference: b.reference, itemId: b.hotelId, ...pick! })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect(
      await db.select().from(bookingModifications).where(eq(bookingModifications.bookingId, b.bookingId)),
    ).toHaveLength(0);
  });
});

describe("contact and special requests", () => {
  it("contact update applies at once; a special request is forwarded and confirmed or declined", async () => {
    const b = await insertModBooking(db);
    const c = await api(b).updateContact({
      reference: b.reference,
      name: "Ana Silva",
      email: "Ana.New@Example.com",
      phone: "+351912345678",
    });
    expect(c.status).toBe("confirmed");
    expect(await booking(b.bookingId)).toMatchObject({
      contactEmail: "ana.new@example.com",
      contactInfo: { email: "ana.new@example.com", phone: "+351912345678", name: "Ana Silva" },
    });

    const ok = await api(b).specialRequest({
      reference: b.reference,
      itemId: b.hotelId,
      request: "A quiet room, high floor please",
    });
    await api(b).confirm({ modificationId: ok.id });
    await processModification(db, ok.id);
    expect((await row(ok.id)).status).toBe("confirmed");
    const no = await api(b).specialRequest({
      reference: b.reference,
      itemId: b.flightId,
      request: "Free upgrade to business",
    });
    await api(b).confirm({ modificationId: no.id });
    await processModification(db, no.id);
    expect(await row(no.id)).toMatchObject({ status: "rejected" });
    expect((await row(no.id)).userNotes).toMatch(/Upgrades cannot be requested/);
  });
});

describe("input and access", () => {
  it("bad input gets a 4xx naming the field", async () => {
    const b = await insertModBooking(db);
    const fieldOf = async (p: Promise<unknown>) => {
      const e = await p.then(
        () => null,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(TRPCError);
      return e as TRPCError;
    };
    const e1 = await fieldOf(
      api(b).nameChange({ reference: b.reference, travelerIndex: 0, firstName: "", lastName: "Silva" }),
    );
    expect(e1.code).toBe("BAD_REQUEST");
    expect(JSON.stringify(e1.cause)).toContain("firstName");
    const e2 = await fieldOf(
      api(b).dateOptions({ reference: b.reference, itemId: b.hotelId, startDate: "2031-13-45", endDate: "2031-05-20" }),
    );
    expect(e2.code).toBe("BAD_REQUEST");
    expect(JSON.stringify(e2.cause)).toContain("startDate");
    const e3 = await fieldOf(
      api(b).nameChange({ reference: b.reference, travelerIndex: 7, firstName: "X", lastName: "Y" }),
    );
    expect(e3).toMatchObject({ code: "BAD_REQUEST" });
    expect(e3.message).toContain("traveler 7");
    const e4 = await fieldOf(
      api(b).dateChange({ reference: b.reference, itemId: b.hotelId, startDate: "2031-06-10", endDate: "2031-06-09" }),
    );
    expect(e4).toMatchObject({ code: "BAD_REQUEST", message: "endDate is before startDate" });
    const e5 = await fieldOf(api(b).updateContact({ reference: b.reference, name: "A", email: "not-an-email" }));
    expect(JSON.stringify(e5.cause)).toContain("email");
    expect(
      await db.select().from(bookingModifications).where(eq(bookingModifications.bookingId, b.bookingId)),
    ).toHaveLength(0);
  });

  it("another traveler's booking or change is not found", async () => {
    const mine = await insertModBooking(db);
    const theirs = await insertModBooking(db);
    const q = await api(theirs).nameChange({
      reference: theirs.reference,
      travelerIndex: 1,
      firstName: "Rui",
      lastName: "Costta",
    });
    await expect(
      api(mine).nameChange({ reference: theirs.reference, travelerIndex: 1, firstName: "Rui", lastName: "Cost" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(api(mine).confirm({ modificationId: q.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(api(mine).list({ reference: theirs.reference })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const guest = callerAs(db, sessions.guest(mine.bookingId)).portal.modifications;
    await expect(guest.cancel({ modificationId: q.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await row(q.id)).status).toBe("pending");
    await expect(callerAs(db, null).portal.modifications.list({ reference: theirs.reference })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });

  it("ops see every change with its internal fields; travelers may not", async () => {
    const b = await insertModBooking(db);
    const q = await api(b).nameChange({
      reference: b.reference,
      travelerIndex: 1,
      firstName: "Rui",
      lastName: "Costas",
    });
    const rows = await callerAs(db, sessions.ops()).ops.modifications.list({ bookingId: b.bookingId });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: q.id,
      bookingReference: b.reference,
      status: "pending",
      requestDetails: { kind: "name_change" },
    });
    await expect(callerAs(db, b.session).ops.modifications.list({ bookingId: b.bookingId })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});

import { and, eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { bookingItems, bookingModifications, bookingStatusHistory, refunds } from "@/db/schema";
import { startLocalApp } from "@/inngest/local-app";
import type { CancellationPolicy } from "@/server/domain/policy";
import { startOutboxRelay } from "@/server/services/events/relay-outbox";
import { createTestDb } from "@/tests/db";
import { insertModBooking } from "@/tests/fixtures/modifications";
import { messagesOf, OPERATOR, significantScheduleChange } from "@/tests/fixtures/on-behalf";
import { waitFor } from "@/tests/job-harness";
import { callerAs, sessions } from "@/tests/sessions";

// Support acting for a traveler (docs/architecture.md, "Actors"): the portal's services, the
// traveler's rights and answers, the operator and the traveler named on every record, and the
// traveler told once.
const db = await createTestDb();
const app = await startLocalApp(db, { pollMs: 10, only: ["process-cancellation"] });
const relay = startOutboxRelay(db, (e) => app.inngest.send(e), { idleMs: 20 });
afterAll(async () => {
  await relay.stop();
  await app.close();
});

const ops = callerAs(db, sessions.ops(OPERATOR)).ops.onBehalf;
const itemHistory = (itemId: string) =>
  db.select().from(bookingStatusHistory).where(eq(bookingStatusHistory.bookingItemId, itemId));

describe("ops acts for the traveler", () => {
  it("a cancellation: the traveler's quote, history naming the operator and the traveler, one message", async () => {
    const b = await insertModBooking(db);
    // The hotel already charges a quarter of its price to cancel, so the quote has a fee to match.
    const policy: CancellationPolicy = {
      refundable: true,
      zone: "Europe/Paris",
      processingFeeMinor: 0,
      tiers: [{ fromLocal: "2020-01-01T00:00", penalty: { kind: "percentage", bps: 2_500 }, description: "25% fee" }],
    };
    await db.update(bookingItems).set({ cancellationPolicy: policy }).where(eq(bookingItems.id, b.hotelId));
    const own = await callerAs(db, b.session).portal.cancellations.quote({ reference: b.reference });
    expect(own.refundCalculation).toMatchObject({ cancellationFeeMinor: 5_000, refundMinor: 55_000 });
    const quote = await ops.quoteCancellation({ reference: b.reference, reason: "Called support" });
    // The same quote, item by item (only the instant it was made differs).
    expect({ ...quote.refundCalculation, quotedAt: null }).toEqual({ ...own.refundCalculation, quotedAt: null });
    expect(quote).toMatchObject({ requestedBy: "ops", requestNotes: `Requested by ${OPERATOR} for ${b.userId}` });

    expect(await ops.confirmCancellation({ cancellationId: quote.id })).toMatchObject({ status: "processing" });
    await waitFor(
      async () =>
        (await db.execute(sql`select 1 from cancellation_requests where id = ${quote.id} and status = 'completed'`))
          .length,
      30_000,
      "the cancellation to complete",
    );
    for (const itemId of [b.flightId, b.hotelId]) {
      const rows = (await itemHistory(itemId)).filter((h) => h.toStatus === "cancelled");
      expect(rows).toEqual([expect.objectContaining({ changedBy: "ops", actorId: OPERATOR, onBehalfOf: b.userId })]);
    }
    const [refund] = await db.select().from(refunds).where(eq(refunds.cancellationRequestId, quote.id));
    expect(refund.amountMinor).toBe(own.refundCalculation!.refundMinor);
    // The cancellation's own notice tells the traveler; support adds no second message.
    expect((await messagesOf(db, b.bookingId)).map((m) => m.type)).toEqual(["cancellation_notice"]);
  });

  it("a name change: the modification names the operator, and the traveler is told once", async () => {
    const b = await insertModBooking(db);
    const input = { reference: b.reference, travelerIndex: 1, firstName: "Rita", lastName: "Costa" };
    const m = await ops.nameChange(input);
    expect(m).toMatchObject({ type: "name_change", status: "pending" });
    const [row] = await db.select().from(bookingModifications).where(eq(bookingModifications.id, m.id));
    expect(row).toMatchObject({ requestedBy: "ops", internalNotes: `Requested by ${OPERATOR} for ${b.userId}` });
    expect(row.requestDetails).toMatchObject({ by: { kind: "ops", id: OPERATOR, onBehalfOf: b.userId } });
    const sent = await messagesOf(db, b.bookingId);
    expect(sent).toEqual([
      { type: "support_update", data: { message: expect.stringContaining("a name change to Rita Costa") } },
    ]);
    // The traveler confirms it themselves, in the portal, as with a change they asked for.
    const own = await callerAs(db, b.session).portal.modifications.list({ reference: b.reference });
    expect(own.map((x) => x.id)).toContain(m.id);
  });

  it("new dates and a special request: the traveler's own quotes, asked by support, the traveler told of each", async () => {
    const b = await insertModBooking(db);
    const dates = { reference: b.reference, itemId: b.hotelId, startDate: "2031-05-12", endDate: "2031-05-15" };
    const options = await ops.dateOptions(dates);
    expect(options).toEqual(await callerAs(db, b.session).portal.modifications.dateOptions(dates));
    // The sandbox refuses about one date in ten for a booking (its provider id is random here): ask for dates it has.
    const open = options.options.find((o) => o.available)!;
    const m = await ops.dateChange({ ...dates, startDate: open.startDate, endDate: open.endDate });
    const s = await ops.specialRequest({ reference: b.reference, itemId: b.hotelId, request: "A quiet room, please" });
    const rows = await db.select().from(bookingModifications).where(eq(bookingModifications.bookingId, b.bookingId));
    expect(rows.map((r) => [r.id, r.requestedBy])).toEqual(
      expect.arrayContaining([
        [m.id, "ops"],
        [s.id, "ops"],
      ]),
    );
    const told = (await messagesOf(db, b.bookingId)).map((x) => (x.data as { message: string }).message);
    expect(told).toHaveLength(2);
    expect(told).toEqual(
      expect.arrayContaining([
        expect.stringContaining(`new dates, ${open.startDate} to ${open.endDate}`),
        expect.stringContaining("A quiet room"),
      ]),
    );
  });

  it("a schedule change accepted or refused for the traveler: history names both, the traveler is told", async () => {
    const a = await insertModBooking(db);
    await significantScheduleChange(db, a.flightId);
    await ops.respondToScheduleChange({ reference: a.reference, itemId: a.flightId, decision: "accept" });
    const [accepted] = (await itemHistory(a.flightId)).filter((h) => h.fromStatus === "schedule_changed");
    expect(accepted).toMatchObject({ toStatus: "ticketed", changedBy: "ops", actorId: OPERATOR, onBehalfOf: a.userId });
    expect(await messagesOf(db, a.bookingId)).toContainEqual({
      type: "support_update",
      data: { message: expect.stringContaining("accepted the new flight schedule") },
    });

    const r = await insertModBooking(db);
    await significantScheduleChange(db, r.flightId);
    await ops.respondToScheduleChange({ reference: r.reference, itemId: r.flightId, decision: "reject" });
    const [rejected] = (await itemHistory(r.flightId)).filter((h) => h.fromStatus === "schedule_changed");
    expect(rejected).toMatchObject({
      toStatus: "cancelled",
      changedBy: "ops",
      actorId: OPERATOR,
      onBehalfOf: r.userId,
    });
    const owed = await db
      .select()
      .from(refunds)
      .where(
        and(
          eq(refunds.bookingId, r.bookingId),
          eq(refunds.idempotencyKey, `refund:schedule_change_rejected:${r.flightId}`),
        ),
      );
    expect(owed).toEqual([expect.objectContaining({ requestedBy: "ops", amountMinor: 40_000 })]);
    const told = (await messagesOf(db, r.bookingId)).filter((m) => m.type === "support_update");
    expect(told).toHaveLength(1);
  });
});

import { providerActor } from "@/server/domain/actor";
import { eq, sql } from "drizzle-orm";
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { bookingItems, bookings, refunds } from "@/db/schema";
import { seedDemo } from "@/db/seed";
import { createTestDb } from "@/tests/db";
import { callerAs, sessions } from "@/tests/sessions";
import { applyScheduleChange } from "./apply-schedule-change";

const db = await createTestDb();
type Segment = Record<string, string>;
const shift = (local: string, minutes: number) =>
  new Date(Date.parse(`${local}:00Z`) + minutes * 60_000).toISOString().slice(0, 16);
let flights: { id: string; bookingId: string; reference: string; previous: string }[];
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => "OK",
    (e) => (e instanceof TRPCError ? e.code : String(e)),
  );

/** Moves the whole trip earlier by `minutes` (7 h: significant at home or abroad) or by 30 min (not). */
async function change(f: (typeof flights)[number], minutes: number) {
  const [item] = await db.select().from(bookingItems).where(eq(bookingItems.id, f.id));
  const segments = (item.itemDetails.segments as Segment[]).map((s) => ({
    ...s,
    departureLocal: shift(s.departureLocal, minutes),
    arrivalLocal: shift(s.arrivalLocal, minutes),
  }));
  await applyScheduleChange(db, {
    itemId: f.id,
    newDetails: { segments },
    summary: `moved ${minutes} min`,
    actor: providerActor("sandbox"),
    providerEventAt: new Date(),
  });
}

beforeAll(async () => {
  await seedDemo(db, { bookings: 200, now: new Date() });
  flights =
    (await db.execute(sql`select i.id, b.id as "bookingId", b.booking_reference as reference, i.status::text as previous
    from booking_items i join bookings b on b.id = i.booking_id
    where i.category = 'flight' and i.status in ('confirmed', 'ticketed') and b.status in ('confirmed', 'ticketed') and b.travel_start_at > now() limit 3`)) as unknown as typeof flights;
});

describe("the traveler answers a schedule change", () => {
  it("accepting returns the item to where it was and resolves the booking's issue", async () => {
    const f = flights[0];
    await change(f, -30);
    const api = callerAs(db, sessions.guest(f.bookingId)).portal.bookings;
    expect(
      await codeOf(api.respondToScheduleChange({ reference: f.reference, itemId: f.id, decision: "reject" })),
    ).toBe("BAD_REQUEST"); // not significant
    await api.respondToScheduleChange({ reference: f.reference, itemId: f.id, decision: "accept" });
    const [item] = await db.select().from(bookingItems).where(eq(bookingItems.id, f.id));
    expect(item).toMatchObject({ status: f.previous, scheduleChangeAcknowledged: true });
    const [b] = await db.select().from(bookings).where(eq(bookings.id, f.bookingId));
    expect(b).toMatchObject({ hasIssue: false, issueResolved: true });
    expect(
      await codeOf(api.respondToScheduleChange({ reference: f.reference, itemId: f.id, decision: "accept" })),
    ).toBe("CONFLICT"); // nothing waits now
  });

  it("rejecting a significant change cancels the item with its whole share owed back", async () => {
    const f = flights[1];
    await change(f, -420);
    await callerAs(db, sessions.guest(f.bookingId)).portal.bookings.respondToScheduleChange({
      reference: f.reference,
      itemId: f.id,
      decision: "reject",
    });
    const [item] = await db.select().from(bookingItems).where(eq(bookingItems.id, f.id));
    expect(item).toMatchObject({ status: "cancelled", refundMinor: item.chargeShareMinor, cancellationFeeMinor: 0 });
    const owed = await db
      .select()
      .from(refunds)
      .where(eq(refunds.idempotencyKey, `refund:schedule_change_rejected:${f.id}`));
    expect(owed).toHaveLength(1);
    expect(owed[0]).toMatchObject({ status: "pending", amountMinor: item.chargeShareMinor, requestedBy: "guest" });
  });

  it("someone else's booking is not found", async () => {
    const f = flights[2];
    await change(f, -420);
    const stranger = callerAs(db, sessions.guest(flights[0].bookingId)).portal.bookings;
    expect(
      await codeOf(stranger.respondToScheduleChange({ reference: f.reference, itemId: f.id, decision: "reject" })),
    ).toBe("NOT_FOUND");
    expect(
      await codeOf(
        stranger.respondToScheduleChange({ reference: flights[0].reference, itemId: f.id, decision: "reject" }),
      ),
    ).toBe("NOT_FOUND");
  });
});

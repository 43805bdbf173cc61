import { providerActor } from "@/server/domain/actor";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { bookingItems, bookings, cancellationRequests, refunds } from "@/db/schema";
import { seedDemo } from "@/db/seed";
import { createTestDb } from "@/tests/db";
import { handleProviderCancellation } from "./handle-provider-cancellation";

const db = await createTestDb();
const q = async <T>(query: ReturnType<typeof sql>) => (await db.execute(query)) as unknown as T[];

beforeAll(async () => {
  await seedDemo(db, { bookings: 150, now: new Date() });
});

describe("provider cancellation", () => {
  it("cancels the item, records its full refund as owed, offers free cancellation of dependants, alerts once", async () => {
    // A live package whose hotel depends on its flight, and no cancellation open.
    const [pkg] = await q<{ flight: string; booking: string }>(sql`
      select f.id as flight, b.id as booking from bookings b
      join booking_items f on f.booking_id = b.id and f.category = 'flight' and f.status in ('confirmed', 'ticketed')
      join booking_items h on h.booking_id = b.id and h.depends_on_item_id = f.id and h.status = 'confirmed'
      where b.status in ('confirmed', 'ticketed') and b.travel_start_at > now()
        and not exists (select 1 from cancellation_requests c where c.booking_id = b.id) limit 1`);
    const occurredAt = new Date();
    const r = await handleProviderCancellation(db, {
      itemId: pkg.flight,
      actor: providerActor("sandbox"),
      reason: "Flight cancelled by the airline",
      providerEventType: "booking.cancelled",
      providerEventAt: occurredAt,
    });
    expect(r).toMatchObject({ applied: true, bookingStatus: "partially_cancelled" });

    const [flight] = await db.select().from(bookingItems).where(eq(bookingItems.id, pkg.flight));
    expect(flight).toMatchObject({
      status: "provider_cancelled",
      isCancelled: true,
      cancellationFeeMinor: 0,
      refundMinor: flight.chargeShareMinor,
    });
    const owed = await db.select().from(refunds).where(eq(refunds.bookingId, pkg.booking));
    expect(owed).toHaveLength(1);
    expect(owed[0]).toMatchObject({
      status: "pending",
      amountMinor: flight.chargeShareMinor,
      reason: "provider_cancelled",
    });
    const [offer] = await db.select().from(cancellationRequests).where(eq(cancellationRequests.bookingId, pkg.booking));
    expect(offer).toMatchObject({ status: "awaiting_confirmation", cancellationType: "partial" });
    expect(offer.refundCalculation?.cancellationFeeMinor).toBe(0);
    const [{ alerts, events }] = await q<{ alerts: number; events: number }>(sql`select
      (select count(*)::int from alerts where source = 'provider_cancelled' and booking_id = ${pkg.booking}) as alerts,
      (select count(*)::int from outbox where name = 'refund/owed' and data->>'bookingId' = ${pkg.booking}) as events`);
    expect({ alerts, events }).toEqual({ alerts: 1, events: 1 });

    // The same event again, and an older one: nothing more happens, above all no second refund.
    expect(
      await handleProviderCancellation(db, {
        itemId: pkg.flight,
        actor: providerActor("sandbox"),
        reason: "again",
        providerEventAt: occurredAt,
      }),
    ).toMatchObject({ applied: false });
    expect(
      await handleProviderCancellation(db, {
        itemId: pkg.flight,
        actor: providerActor("sandbox"),
        reason: "older",
        providerEventAt: new Date(occurredAt.getTime() - 60_000),
      }),
    ).toMatchObject({ applied: false });
    expect(await db.select().from(refunds).where(eq(refunds.bookingId, pkg.booking))).toHaveLength(1);
  });

  it("cancels a single-item booking outright, with the whole charge owed back", async () => {
    const [one] = await q<{ item: string; booking: string; total: number }>(sql`
      select i.id as item, b.id as booking, b.total_minor::int as total from bookings b join booking_items i on i.booking_id = b.id
      where b.booking_type = 'single' and b.status = 'confirmed' and i.status = 'confirmed' and b.travel_start_at > now()
        and not exists (select 1 from refunds r where r.booking_id = b.id) limit 1`);
    const r = await handleProviderCancellation(db, {
      itemId: one.item,
      actor: providerActor("sandbox"),
      reason: "Hotel closed",
    });
    expect(r).toMatchObject({ applied: true, bookingStatus: "cancelled", dependents: [] });
    const [b] = await db.select().from(bookings).where(eq(bookings.id, one.booking));
    expect(b).toMatchObject({ status: "cancelled", isCancelled: true });
    const [owed] = await db.select().from(refunds).where(eq(refunds.bookingId, one.booking));
    expect(owed.amountMinor).toBe(one.total);
  });
});

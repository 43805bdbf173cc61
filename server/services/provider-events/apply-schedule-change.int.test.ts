import { providerActor } from "@/server/domain/actor";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { bookingItems } from "@/db/schema";
import { seedDemo } from "@/db/seed";
import { createTestDb } from "@/tests/db";
import { applyScheduleChange } from "./apply-schedule-change";

const db = await createTestDb();
type Segment = Record<string, string>;
const shift = (local: string, minutes: number) =>
  new Date(Date.parse(`${local}:00Z`) + minutes * 60_000).toISOString().slice(0, 16);
let flights: { id: string; threshold: number }[];

beforeAll(async () => {
  await seedDemo(db, { bookings: 150, now: new Date() });
  const rows =
    (await db.execute(sql`select i.id, i.item_details as details from booking_items i join bookings b on b.id = i.booking_id
    where i.category = 'flight' and i.status in ('confirmed', 'ticketed') and b.status in ('confirmed', 'ticketed') and b.travel_start_at > now() limit 3`)) as unknown as {
      id: string;
      details: { segments: Segment[] };
    }[];
  // 14 CFR 260.2: 3 h for a domestic itinerary, 6 h for an international one.
  flights = rows.map((r) => ({
    id: r.id,
    threshold: r.details.segments.some((s) => s.fromCountry !== s.toCountry) ? 360 : 180,
  }));
});

async function moveDeparture(itemId: string, minutes: number, everySegment = false) {
  const [item] = await db.select().from(bookingItems).where(eq(bookingItems.id, itemId));
  const segments = (item.itemDetails.segments as Segment[]).map((s, i) =>
    i && !everySegment
      ? s
      : { ...s, departureLocal: shift(s.departureLocal, minutes), arrivalLocal: shift(s.arrivalLocal, minutes) },
  );
  return applyScheduleChange(db, {
    itemId,
    newDetails: { segments },
    summary: `moved ${minutes} min`,
    actor: providerActor("sandbox"),
    providerEventAt: new Date(),
  });
}
const assessment = async (itemId: string) =>
  (await db.select().from(bookingItems).where(eq(bookingItems.id, itemId)))[0].scheduleChangeAssessment as {
    dot: { significant: boolean; criteria: string[] };
  };

describe("schedule change assessment (14 CFR 260.2, the spec's significance)", () => {
  it("a departure earlier by exactly the threshold is significant: refund-eligible, spec 'major' or worse", async () => {
    const f = flights[0];
    const r = await moveDeparture(f.id, -f.threshold);
    expect(r).toMatchObject({ applied: true, refundEligible: true });
    expect(["major", "critical"]).toContain(r.applied && r.significance);
    const [item] = await db.select().from(bookingItems).where(eq(bookingItems.id, f.id));
    expect(item.refundEligible).toBe(true);
    expect((await assessment(f.id)).dot).toMatchObject({ significant: true, criteria: ["departs_earlier"] });
  });

  it("a minute less is not; a later departure counts only through the later arrival", async () => {
    expect(await moveDeparture(flights[1].id, -(flights[1].threshold - 1))).toMatchObject({
      applied: true,
      refundEligible: false,
    });
    // The whole trip later (a round trip's arrival is its last segment's): later departure, later arrival.
    expect(await moveDeparture(flights[2].id, flights[2].threshold, true)).toMatchObject({
      applied: true,
      refundEligible: true,
    });
    expect((await assessment(flights[2].id)).dot.criteria).toEqual(["arrives_later"]);
  });

  it("a second change before the traveler answers is assessed against the original", async () => {
    const r = await moveDeparture(flights[1].id, -2); // now threshold + 1 minute earlier than the original
    expect(r).toMatchObject({ applied: true, refundEligible: true });
    const [item] = await db.select().from(bookingItems).where(eq(bookingItems.id, flights[1].id));
    expect(item.status).toBe("schedule_changed");
  });

  it("raises an alert when the moved flight no longer fits the hotel that depends on it", async () => {
    const [pkg] = (await db.execute(sql`select f.id as flight, h.id as hotel from booking_items f
      join booking_items h on h.depends_on_item_id = f.id and h.category = 'hotel' and h.status = 'confirmed'
      join bookings b on b.id = f.booking_id
      where f.category = 'flight' and f.status in ('confirmed', 'ticketed') and b.travel_start_at > now() and f.id not in ${flights.map((f) => f.id)} limit 1`)) as unknown as {
      flight: string;
      hotel: string;
    }[];
    const r = await moveDeparture(pkg.flight, 24 * 60); // the outbound a day later: the first night is lost
    expect(r).toMatchObject({ applied: true, conflicts: [{ itemId: pkg.hotel, category: "hotel" }] });
    const [alert] = (await db.execute(
      sql`select severity, source from alerts where dedupe_key = ${`connected_item_conflict:${pkg.hotel}`}`,
    )) as unknown as { severity: string; source: string }[];
    expect(alert).toEqual({ severity: "medium", source: "connected_item_conflict" });
  });

  it("states EU 261 rights for a flight leaving the EU, with the distance band", async () => {
    const [eu] = (await db.execute(sql`select i.id from booking_items i join bookings b on b.id = i.booking_id
      where i.category = 'flight' and i.status in ('confirmed', 'ticketed') and b.travel_start_at > now()
        and i.item_details->'segments'->0->>'from' in ('CDG', 'BCN', 'ATH', 'LIS') and i.id not in ${flights.map((f) => f.id)} limit 1`)) as unknown as {
      id: string;
    }[];
    expect(eu, "a seeded flight leaving the EU").toBeTruthy(); // the seed's routes depend only on its seed, not on the date
    await moveDeparture(eu.id, 45);
    const [item] = await db.select().from(bookingItems).where(eq(bookingItems.id, eu.id));
    const a = item.scheduleChangeAssessment as {
      eu261: { compensation: { band: string; amountMinor: number }; notice: { window: string } } | null;
    };
    expect(a.eu261?.compensation.amountMinor).toBeOneOf([25_000, 40_000, 60_000]);
    expect(a.eu261?.notice.window).toBeOneOf(["14_days_or_more", "7_to_14_days", "under_7_days"]);
  });
});

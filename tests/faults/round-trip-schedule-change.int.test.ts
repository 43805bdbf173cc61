import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { journeys } from "@/server/domain/dot-significant-change";
import { itineraryOf } from "@/server/services/provider-events/flight-itinerary";
import { respondToScheduleChange } from "@/server/services/provider-events/respond-to-schedule-change";
import { createTestDb } from "@/tests/db";
import { Rng, World } from "@/tests/simulation/world";
import { rowsOf, seedQuietDemo } from "./fixtures";

// Found by the simulation: a round-trip flight item whose outbound flight now lands 7 hours late
// was judged not significant (the rule compared the trip's first departure with its final
// arrival, the return's, which had not moved), so the traveler could not refuse it. 14 CFR 260.2
// judges each journey: a stopover (here the days at the destination) starts a new one.
const db = await createTestDb();
await seedQuietDemo(db, 120);

it("an outbound flight arriving 7 h later makes a round trip's change significant: the traveler may refuse it and is owed the whole share", async () => {
  const [item] = await rowsOf<{ id: string; booking: string; reference: string; details: Record<string, unknown> }>(
    db,
    sql`
    select i.id, b.id as booking, b.booking_reference as reference, i.item_details as details from booking_items i join bookings b on b.id = i.booking_id
    where i.category = 'flight' and i.status in ('confirmed', 'ticketed') and b.status in ('confirmed', 'ticketed') and i.start_at > now() + interval '3 days'
      and jsonb_array_length(i.item_details->'segments') = 2 and exists (select 1 from payment_transactions p where p.booking_id = b.id and p.kind = 'charge' and p.status = 'succeeded')
    order by i.id limit 1`,
  );
  const trip = itineraryOf(item.details)!;
  expect(journeys(trip)).toHaveLength(2); // out and back, days apart

  const world = new World(db, new Rng(1), { finalAttempt: 1, bounce: 0, failFirstRefund: 0, batch: 10 });
  await world.providerEvent("schedule_change", item.id, 420); // the outbound leg departs and lands 7 h later
  const [after] = await rowsOf<{
    status: string;
    eligible: boolean;
    dot: { significant: boolean; criteria: string[]; arrivesLaterByMinutes: number };
  }>(
    db,
    sql`
    select status::text, refund_eligible as eligible, schedule_change_assessment->'dot' as dot from booking_items where id = ${item.id}`,
  );
  expect(after).toMatchObject({
    status: "schedule_changed",
    eligible: true,
    dot: { significant: true, criteria: ["arrives_later"], arrivesLaterByMinutes: 420 },
  });

  await respondToScheduleChange(
    db,
    { kind: "guest", bookingId: item.booking },
    { reference: item.reference, itemId: item.id, decision: "reject" },
  );
  const [owed] = await rowsOf<{ status: string; refunds: number }>(
    db,
    sql`select (select status::text from booking_items where id = ${item.id}) as status,
    (select count(*)::int from refunds where idempotency_key = ${`refund:schedule_change_rejected:${item.id}`}) as refunds`,
  );
  expect(owed).toEqual({ status: "cancelled", refunds: 1 });
});

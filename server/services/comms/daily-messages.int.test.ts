import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { bookingCommunications, bookings } from "@/db/schema";
import { createTestDb } from "@/tests/db";
import { queueReviewRequests, queueTripReminders } from "./daily-messages";
import { sendCommunication } from "./send-communication";
import { commRow, commsBooking } from "@/tests/fixtures/comms";

const db = await createTestDb();
const at = (iso: string) => new Date(iso);
const keysOf = async (bookingId: string) =>
  (
    await db
      .select({ k: bookingCommunications.dedupeKey })
      .from(bookingCommunications)
      .where(eq(bookingCommunications.bookingId, bookingId))
  )
    .map((r) => r.k)
    .sort();

describe("trip reminders at 9:00 in the traveler's zone", () => {
  it("picks each booking at its own local 9:00, 7 days and 1 day before, never twice", async () => {
    // Tokyo (UTC+9): first item 10 March 2030 10:00 local. New York: 20 March 2030 10:00 EDT (after the DST change on the 10th).
    const tokyo = await commsBooking(db, { zone: "Asia/Tokyo", startAt: at("2030-03-10T01:00:00Z") });
    const ny = await commsBooking(db, { zone: "America/New_York", startAt: at("2030-03-20T14:00:00Z") });
    expect(await queueTripReminders(db, at("2030-03-02T23:00:00Z"))).toHaveLength(0); // 08:00 in Tokyo on 3 March
    expect(await queueTripReminders(db, at("2030-03-03T00:00:00Z"))).toHaveLength(1); // 09:00 in Tokyo; 19:00 on 2 March in New York
    expect(await keysOf(tokyo.bookingId)).toEqual([`trip_reminder:7d:${tokyo.bookingId}`]);
    expect(await queueTripReminders(db, at("2030-03-03T01:00:00Z"))).toHaveLength(0); // the next hour: already queued
    expect(await queueTripReminders(db, at("2030-03-13T12:00:00Z"))).toHaveLength(0); // 08:00 EDT in New York
    expect(await queueTripReminders(db, at("2030-03-13T13:00:00Z"))).toHaveLength(1); // 09:00 EDT
    expect(await keysOf(ny.bookingId)).toEqual([`trip_reminder:7d:${ny.bookingId}`]);
    expect(await queueTripReminders(db, at("2030-03-09T00:00:00Z"))).toHaveLength(1); // 09:00 Tokyo, the day before
    expect(await keysOf(tokyo.bookingId)).toEqual([
      `trip_reminder:1d:${tokyo.bookingId}`,
      `trip_reminder:7d:${tokyo.bookingId}`,
    ]);
    const [r] = await db
      .select()
      .from(bookingCommunications)
      .where(eq(bookingCommunications.dedupeKey, `trip_reminder:1d:${tokyo.bookingId}`));
    expect(r.templateData).toEqual({ days: 1 });
  });

  it("a reminder queued before the booking was cancelled is cancelled, not sent; cancelled bookings are not picked", async () => {
    const b = await commsBooking(db, { zone: "Europe/Paris", startAt: at("2031-05-08T08:00:00Z") }); // 10:00 CEST on 8 May
    const [id] = await queueTripReminders(db, at("2031-05-01T07:00:00Z")); // 09:00 CEST on 1 May
    expect(id).toBeTruthy();
    await db.update(bookings).set({ status: "cancelled" }).where(eq(bookings.id, b.bookingId));
    expect(await sendCommunication(db, id)).toBe("cancelled");
    expect((await commRow(db, id)).status).toBe("cancelled");
    expect(await queueTripReminders(db, at("2031-05-07T07:00:00Z"))).toHaveLength(0); // the 1-day one: booking cancelled
    const mails = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from mail_outbox where communication_id = ${id}`,
    );
    expect(mails[0].n).toBe(0);
  });
});

describe("review requests", () => {
  it("the day after completion, from 9:00 local, once", async () => {
    const b = await commsBooking(db, {
      zone: "America/Los_Angeles",
      startAt: at("2032-01-01T18:00:00Z"),
      status: "completed",
      completedAt: at("2032-01-07T20:00:00Z"),
    });
    // 7 January 12:00 PST is completion day; 8 January 08:00 PST is too early; 09:00 PST is the time.
    expect(await queueReviewRequests(db, at("2032-01-08T05:00:00Z"))).toHaveLength(0);
    expect(await queueReviewRequests(db, at("2032-01-08T16:00:00Z"))).toHaveLength(0);
    expect(await queueReviewRequests(db, at("2032-01-08T17:00:00Z"))).toHaveLength(1);
    expect(await queueReviewRequests(db, at("2032-01-08T18:00:00Z"))).toHaveLength(0);
    expect(await keysOf(b.bookingId)).toEqual([`review_request:${b.bookingId}`]);
  });
});

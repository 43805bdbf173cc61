import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { bookingCommunications, bookings, notificationPreferences, users } from "@/db/schema";
import { completeEndedBookings } from "@/server/services/bookings/complete-ended-bookings";
import { queueReviewRequests, queueTripReminders } from "@/server/services/comms/daily-messages";
import { sendCommunication } from "@/server/services/comms/send-communication";
import { insertIntakeBooking } from "@/tests/fixtures/intake-journey";
import { createTestDb } from "@/tests/db";
import { checkItemsWithProvider, intakeProviderPlan } from "./check-with-provider";
import { applyIntakeChecks } from "./confirm-with-providers";

// The intake journey's services in the order confirm-intake runs them, then the hourly jobs that
// follow a booking to its end: an intake booking needs nothing the seeded ones have and it lacks.
const db = await createTestDb();

async function confirm(bookingId: string) {
  const checks = [];
  for (const providerCode of await intakeProviderPlan(db, bookingId))
    checks.push(...(await checkItemsWithProvider(db, bookingId, providerCode)));
  return applyIntakeChecks(db, bookingId, checks, { now: new Date("2031-01-01T00:00:00Z") });
}
const dedupeKeys = async (bookingId: string) =>
  (await db.select().from(bookingCommunications).where(eq(bookingCommunications.bookingId, bookingId)))
    .map((c) => `${c.type}/${c.channel}`)
    .sort();

describe("intake journey", () => {
  it("an intake booking gets its trip reminder, completes, and gets its review request", async () => {
    const b = await insertIntakeBooking(db, { prefix: "trip", startsOn: "2031-08-10" });
    expect(await confirm(b.bookingId)).toMatchObject({ applied: true, status: "confirmed", live: true });
    const [row] = await db.select().from(bookings).where(eq(bookings.id, b.bookingId));
    expect(row.userId).toBeNull(); // a guest's booking: no account needed for any of it
    expect(row.confirmationSent).toBe(false); // set by sending, which nothing below reads
    // 7 days before the 08:30 Lisbon departure, at 10:00 Lisbon (09:00 UTC).
    await queueTripReminders(db, new Date("2031-08-03T09:00:00Z"));
    expect(await dedupeKeys(b.bookingId)).toContain("trip_reminder/email");
    // After the 11:00 Paris check-out on the 13th, then the next day from 9:00 Lisbon.
    await completeEndedBookings(db, { now: new Date("2031-08-14T00:00:00Z") });
    expect((await db.select().from(bookings).where(eq(bookings.id, b.bookingId)))[0].status).toBe("completed");
    await queueReviewRequests(db, new Date("2031-08-15T10:00:00Z"));
    expect(await dedupeKeys(b.bookingId)).toContain("review_request/email");
  });

  it("no SMS without a phone, or when the traveler chose e-mail; an SMS with a phone and no preference", async () => {
    const noPhone = await insertIntakeBooking(db, { prefix: "nophone" });
    await confirm(noPhone.bookingId);
    expect(await dedupeKeys(noPhone.bookingId)).toEqual(["confirmation_email/email"]);

    const withPhone = await insertIntakeBooking(db, { prefix: "phone", phone: "+33600000001" });
    await confirm(withPhone.bookingId);
    expect(await dedupeKeys(withPhone.bookingId)).toEqual(["confirmation_email/email", "confirmation_sms/sms"]);
    // Sending them (send-communication, on their queued events) marks the booking's confirmation sent.
    const queued = await db
      .select()
      .from(bookingCommunications)
      .where(eq(bookingCommunications.bookingId, withPhone.bookingId));
    for (const c of queued) expect(await sendCommunication(db, c.id)).toBe("sent");
    const [sent] = await db.select().from(bookings).where(eq(bookings.id, withPhone.bookingId));
    expect(sent.confirmationSent).toBe(true);

    const chose = await insertIntakeBooking(db, { prefix: "chose", phone: "+33600000002" });
    const [u] = await db.insert(users).values({ email: chose.email, name: "Ana Silva" }).returning({ id: users.id });
    await db.insert(notificationPreferences).values({ userId: u.id, channel: "email" });
    await db.update(bookings).set({ userId: u.id }).where(eq(bookings.id, chose.bookingId));
    await confirm(chose.bookingId);
    expect(await dedupeKeys(chose.bookingId)).toEqual(["confirmation_email/email"]);
  });
});

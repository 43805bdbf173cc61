import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { seedDemo } from "@/db/seed";
import { createTestDb } from "@/tests/db";
import { giveCredit, travelerAccount } from "@/tests/fixtures/credits";
import { rowsOf } from "@/tests/faults/fixtures";
import { remindExpiringCredit, reminderDue } from "./expiry-reminders";

// Reminders 30 and 7 days before travel credit expires, once each, with an injected clock.
const db = await createTestDb();
await seedDemo(db, { bookings: 13 });
const day = 86_400_000;
const expiry = new Date("2027-09-30T00:00:00Z");
const before = (days: number, hours = 0) => new Date(expiry.getTime() - days * day - hours * 3_600_000);

describe("credit expiry reminders", () => {
  it("picks the nearest threshold a grant is within", () => {
    expect(reminderDue(expiry, before(31))).toBeNull();
    expect(reminderDue(expiry, before(30))).toBe(30);
    expect(reminderDue(expiry, before(8))).toBe(30);
    expect(reminderDue(expiry, before(7))).toBe(7);
    expect(reminderDue(expiry, before(0, 1))).toBe(7);
    expect(reminderDue(expiry, expiry)).toBeNull();
  });

  it("sends the 30-day and the 7-day reminder once each, on the account's booking", async () => {
    const [owner] = await rowsOf<{ user_id: string; id: string }>(
      db,
      sql`select user_id, id from bookings where user_id is not null order by created_at desc limit 1`,
    );
    const grant = await giveCredit(db, owner.user_id, 12_345, "EUR", expiry);
    const lonely = await travelerAccount(db); // no booking: no address to remind
    await giveCredit(db, lonely, 500, "EUR", expiry);
    const sent = () =>
      rowsOf<{ dedupe_key: string; booking_id: string; days: number; amount: number }>(
        db,
        sql`select dedupe_key, booking_id, (template_data->>'days')::int as days, (template_data->>'amountMinor')::int as amount
          from booking_communications where type = 'credit_expiry_reminder' order by created_at`,
      );

    expect(await remindExpiringCredit(db, before(40))).toEqual({ queued: 0, noBooking: 0 });
    expect(await remindExpiringCredit(db, before(29, 12))).toEqual({ queued: 1, noBooking: 1 });
    expect(await remindExpiringCredit(db, before(28))).toMatchObject({ queued: 0 }); // daily rerun: nothing new
    expect(await remindExpiringCredit(db, before(6, 12))).toMatchObject({ queued: 1 });
    expect(await remindExpiringCredit(db, before(5))).toMatchObject({ queued: 0 });
    expect(await remindExpiringCredit(db, before(-1))).toMatchObject({ queued: 0 }); // expired: no reminder
    expect(await sent()).toEqual([
      { dedupe_key: `credit_expiry:30d:${grant}`, booking_id: owner.id, days: 30, amount: 12_345 },
      { dedupe_key: `credit_expiry:7d:${grant}`, booking_id: owner.id, days: 7, amount: 12_345 },
    ]);
  });
});

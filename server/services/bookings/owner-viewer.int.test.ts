import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createTestDb } from "@/tests/db";
import { insertModBooking } from "@/tests/fixtures/modifications";
import { codeOf, messagesOf, OPERATOR, significantScheduleChange } from "@/tests/fixtures/on-behalf";
import { callerAs, sessions } from "@/tests/sessions";

// Ops acting for a traveler gets the owner's available actions, no more and no less
// (docs/architecture.md, "Actors"), whoever the owner is, and a non-ops session gets nothing.
const db = await createTestDb();
const ops = callerAs(db, sessions.ops(OPERATOR)).ops.onBehalf;

describe("the owner's actions", () => {
  it("ops acting for the owner gets exactly the owner's actions: account holder, account by e-mail, guest", async () => {
    const cases = [];
    const holder = await insertModBooking(db);
    cases.push({ b: holder, owner: callerAs(db, holder.session), of: "traveler" });
    const byEmail = await insertModBooking(db);
    await db.execute(sql`update bookings set user_id = null, status = 'modified' where id = ${byEmail.bookingId}`);
    cases.push({ b: byEmail, owner: callerAs(db, byEmail.session), of: "traveler" });
    const guest = await insertModBooking(db);
    await db.execute(sql`update bookings set user_id = null, contact_email = 'nobody@example.com',
      modification_deadline = now() - interval '1 day' where id = ${guest.bookingId}`);
    cases.push({ b: guest, owner: callerAs(db, sessions.guest(guest.bookingId)), of: "guest" });
    const changed = await insertModBooking(db);
    await significantScheduleChange(db, changed.flightId);
    cases.push({ b: changed, owner: callerAs(db, changed.session), of: "traveler" });
    const cancelled = await insertModBooking(db);
    await db.execute(sql`update bookings set status = 'cancelled' where id = ${cancelled.bookingId}`);
    cases.push({ b: cancelled, owner: callerAs(db, cancelled.session), of: "traveler" });

    for (const c of cases) {
      const own = await c.owner.portal.bookings.actions({ reference: c.b.reference });
      const forOwner = await ops.owner({ bookingId: c.b.bookingId });
      expect(forOwner).toEqual({ reference: c.b.reference, of: c.of, actions: own });
      // The console's "Available actions" panel shows the same.
      const panel = await callerAs(db, sessions.ops(OPERATOR)).ops.bookings.actions({ id: c.b.bookingId });
      expect(panel.onBehalf).toEqual({ of: c.of, actions: own });
    }
  });

  it("an action the owner may not take is refused to ops with the same words", async () => {
    const b = await insertModBooking(db);
    await db.execute(
      sql`update bookings set modification_deadline = now() - interval '1 hour' where id = ${b.bookingId}`,
    );
    const input = { reference: b.reference, travelerIndex: 1, firstName: "Rita", lastName: "Costa" };
    const own = await codeOf(callerAs(db, b.session).portal.modifications.nameChange(input));
    expect(own).toMatch(/^BAD_REQUEST|^CONFLICT|^FORBIDDEN/);
    expect(await codeOf(ops.nameChange(input))).toBe(own);
    expect(await messagesOf(db, b.bookingId)).toEqual([]);
  });

  it("only an ops session may act for a traveler", async () => {
    const b = await insertModBooking(db);
    const input = { reference: b.reference };
    expect(await codeOf(callerAs(db, b.session).ops.onBehalf.quoteCancellation(input))).toMatch(/^FORBIDDEN/);
    expect(await codeOf(callerAs(db, sessions.guest(b.bookingId)).ops.onBehalf.quoteCancellation(input))).toMatch(
      /^FORBIDDEN/,
    );
    expect(await codeOf(callerAs(db, null).ops.onBehalf.owner({ bookingId: b.bookingId }))).toMatch(/^UNAUTHORIZED/);
  });
});

import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { bookingCommunications, documents } from "@/db/schema";
import { injectFault } from "@/server/notify/faults";
import { createTestDb } from "@/tests/db";
import { callerAs, sessions } from "@/tests/sessions";
import { queueCommunication } from "./queue-communication";
import { resendCommunication } from "./resend-communication";
import { resendDocuments } from "./resend-documents";
import { sendCommunication } from "./send-communication";
import { commRow, commsBooking } from "@/tests/fixtures/comms";
import { expectKeysetPaging } from "@/tests/fixtures/keyset-paging";

const db = await createTestDb();
const ops = callerAs(db, sessions.ops());

describe("ops outbox procedures", () => {
  it("lists a message with its status, shows its preview and events, resends it once per click burst", async () => {
    const b = await commsBooking(db, { name: `<b onmouseover=alert(1)>Ana</b>` });
    const id = (await db.transaction((tx) =>
      queueCommunication(tx, {
        bookingId: b.bookingId,
        type: "confirmation_email",
        dedupeKey: `confirmation_email:${b.bookingId}`,
      }),
    ))!;
    await sendCommunication(db, id);
    const list = await ops.ops.outbox.list({ channel: "email" });
    expect(list.rows.find((r) => r.id === id)).toMatchObject({
      status: "delivered",
      to: b.email,
      reference: b.reference,
      events: 2,
    });
    const m = await ops.ops.outbox.get({ id });
    expect(m.preview?.html).toContain("&lt;b onmouseover=alert(1)&gt;Ana&lt;/b&gt;");
    expect(m.preview?.text).toContain(b.reference);
    expect(m.events.map((e) => e.type)).toEqual(["email.sent", "email.delivered"]);
    const r1 = await ops.ops.outbox.resend({ id });
    expect(r1.queued).toBe(true);
    const at = new Date("2030-01-01T10:00:20Z");
    expect((await resendCommunication(db, { communicationId: id, now: at })).queued).toBe(true);
    expect((await resendCommunication(db, { communicationId: id, now: new Date(at.getTime() + 5_000) })).queued).toBe(
      false,
    ); // a double click
    expect(await commRow(db, r1.communicationId!)).toMatchObject({
      status: "pending",
      type: "confirmation_email",
      recipientEmail: b.email,
    });
    await expect(ops.ops.outbox.get({ id: "not-a-uuid" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(callerAs(db, sessions.traveler(crypto.randomUUID(), b.email)).ops.outbox.list()).rejects.toMatchObject(
      { code: "FORBIDDEN" },
    );
  });

  it("pages by keyset: every message once, even several within one millisecond, and back to newer", async () => {
    const b = await commsBooking(db);
    const ids: string[] = [];
    for (const micro of ["000300", "000200", "000100"]) {
      const [r] = await db
        .insert(bookingCommunications)
        .values({ bookingId: b.bookingId, type: "trip_reminder", channel: "sms", recipientPhone: "+15550100" })
        .returning({ id: bookingCommunications.id });
      await db.execute(
        sql`update booking_communications set created_at = ${`2100-01-01 00:00:00.${micro}+00`} where id = ${r.id}`,
      );
      ids.push(r.id);
    }
    await expectKeysetPaging((page) => ops.ops.outbox.list(page), ids);
  });

  it("shows the flag of a bounced contact and clears it when ops fixed it", async () => {
    const b = await commsBooking(db);
    await injectFault(db, { channel: "email", target: b.email, kind: "bounce", times: 1 });
    const id = (await db.transaction((tx) =>
      queueCommunication(tx, {
        bookingId: b.bookingId,
        type: "confirmation_email",
        dedupeKey: `confirmation_email:${b.bookingId}`,
      }),
    ))!;
    await sendCommunication(db, id);
    const m = await ops.ops.outbox.get({ id });
    expect(m.flag).toMatchObject({ reason: "bounced" });
    await ops.ops.outbox.clearFlag({ id: m.flag!.id });
    expect((await ops.ops.outbox.get({ id })).flag).toBeNull();
  });
});

describe("traveler: resend documents", () => {
  it("queues a document_delivery e-mail with the chosen documents; someone else's booking is not found", async () => {
    const b = await commsBooking(db, { withUser: true });
    const [doc] = await db
      .insert(documents)
      .values({ bookingId: b.bookingId, kind: "itinerary", storageKey: `test/${b.bookingId}.pdf`, sizeBytes: 10 })
      .returning();
    const me = callerAs(db, sessions.traveler(b.userId!, b.email));
    expect(await me.portal.comms.resendDocuments({ reference: b.reference, documentIds: [doc.id] })).toEqual({
      queued: true,
    });
    const [c] = await db.select().from(bookingCommunications).where(eq(bookingCommunications.bookingId, b.bookingId));
    expect(c).toMatchObject({ type: "document_delivery", channel: "email", templateData: { documentIds: [doc.id] } });
    expect(await sendCommunication(db, c.id)).toBe("sent");
    const sent = await ops.ops.outbox.get({ id: c.id });
    expect(sent.preview?.html).toContain(`/api/documents/${doc.id}`);

    const other = await commsBooking(db);
    await expect(me.portal.comms.resendDocuments({ reference: other.reference })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      me.portal.comms.resendDocuments({ reference: b.reference, documentIds: [crypto.randomUUID()] }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(
      await callerAs(db, sessions.guest(b.bookingId)).portal.comms.resendDocuments({ reference: b.reference }),
    ).toHaveProperty("queued");
    const at = new Date("2030-01-01T10:00:20Z");
    expect(
      await resendDocuments(db, { kind: "guest", bookingId: b.bookingId }, { reference: b.reference, now: at }),
    ).toEqual({ queued: true });
    expect(
      await resendDocuments(
        db,
        { kind: "guest", bookingId: b.bookingId },
        { reference: b.reference, now: new Date(at.getTime() + 5_000) },
      ),
    ).toEqual({ queued: false }); // a double click
  });

  it("keeps channel preferences per account; a guest has none", async () => {
    const b = await commsBooking(db, { withUser: true });
    const me = callerAs(db, sessions.traveler(b.userId!, b.email));
    expect((await me.portal.comms.preference()).channel).toBe("email");
    await me.portal.comms.setPreference({ channel: "push" });
    await me.portal.comms.subscribePush({
      endpoint: "https://push.example.test/x",
      keys: { p256dh: "BPk", auth: "au" },
    });
    expect((await me.portal.comms.preference()).channel).toBe("push");
    await expect(
      callerAs(db, sessions.guest(b.bookingId)).portal.comms.setPreference({ channel: "sms" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  alerts,
  bookingCommunications,
  communicationContents,
  communicationEvents,
  contactFlags,
  mailOutbox,
  manualFollowUps,
  outbox,
  pushSubscriptions,
} from "@/db/schema";
import { injectFault } from "@/server/notify/faults";
import { createTestDb } from "@/tests/db";
import { dueCommunications } from "./due-communications";
import { setPreferredChannel } from "./preferences";
import { queueCommunication } from "./queue-communication";
import { sendCommunication } from "./send-communication";
import { commRow, commsBooking } from "@/tests/fixtures/comms";

const db = await createTestDb();
const MIN = 60_000;
const queue = (
  bookingId: string,
  key: string,
  type: Parameters<typeof queueCommunication>[1]["type"] = "confirmation_email",
) => db.transaction((tx) => queueCommunication(tx, { bookingId, type, dedupeKey: `${key}:${bookingId}` }));

describe("queue and send", () => {
  it("queues an occasion once, with its outbox event, and sends it: sent, then delivered", async () => {
    const b = await commsBooking(db);
    const id = await queue(b.bookingId, "confirmation_email");
    expect(await queue(b.bookingId, "confirmation_email")).toBeNull(); // the job ran again
    expect(
      await db.select().from(bookingCommunications).where(eq(bookingCommunications.bookingId, b.bookingId)),
    ).toHaveLength(1);
    expect(
      await db
        .select()
        .from(outbox)
        .where(sql`${outbox.name} = 'communication/queued' and ${outbox.data}->>'communicationId' = ${id}`),
    ).toHaveLength(1);

    expect(await sendCommunication(db, id!)).toBe("sent");
    expect(await sendCommunication(db, id!)).toBe("skipped"); // a replayed step sends nothing
    const row = await commRow(db, id!);
    expect(row.status).toBe("delivered"); // the local channel's signed events went through the webhook code
    expect(row.sentAt).not.toBeNull();
    const mail = await db.select().from(mailOutbox).where(eq(mailOutbox.communicationId, id!));
    expect(mail).toHaveLength(1);
    expect(mail[0].html).toContain("€1,234.56");
    expect(mail[0].text).toContain(b.reference);
    const [content] = await db
      .select()
      .from(communicationContents)
      .where(eq(communicationContents.communicationId, id!));
    expect(content.html).toContain(b.reference);
    const events = await db.select().from(communicationEvents).where(eq(communicationEvents.communicationId, id!));
    expect(events.map((e) => e.type).sort()).toEqual(["email.delivered", "email.sent"]);
  });

  it("transient failure → retry with backoff → delivered", async () => {
    const b = await commsBooking(db);
    await injectFault(db, { channel: "email", target: b.email, kind: "transient", times: 1 });
    const id = (await queue(b.bookingId, "confirmation_email"))!;
    const t0 = new Date();
    expect(await sendCommunication(db, id, { now: t0 })).toBe("retry_scheduled");
    let row = await commRow(db, id);
    expect(row.status).toBe("failed");
    expect(row.nextRetryAt!.getTime() - t0.getTime()).toBe(5 * MIN);
    expect(await dueCommunications(db, new Date(t0.getTime() + 4 * MIN))).not.toContain(id);
    const later = new Date(t0.getTime() + 6 * MIN);
    expect(await dueCommunications(db, later)).toContain(id);
    expect(await sendCommunication(db, id, { now: later })).toBe("sent");
    row = await commRow(db, id);
    expect(row).toMatchObject({ status: "delivered", retryCount: 1, nextRetryAt: null, failureReason: null });
    expect(await db.select().from(mailOutbox).where(eq(mailOutbox.communicationId, id))).toHaveLength(1);
  });

  it("gives up after 3 retries with an alert", async () => {
    const b = await commsBooking(db);
    await injectFault(db, { channel: "email", target: b.email, kind: "transient", times: null });
    const id = (await queue(b.bookingId, "confirmation_email"))!;
    let now = new Date();
    const outcomes = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      outcomes.push(await sendCommunication(db, id, { now }));
      now = new Date(now.getTime() + 2 * 3_600_000);
    }
    expect(outcomes).toEqual(["retry_scheduled", "retry_scheduled", "retry_scheduled", "failed", "skipped", "skipped"]);
    expect(await commRow(db, id)).toMatchObject({ status: "failed", retryCount: 3, nextRetryAt: null });
    expect(await dueCommunications(db, now)).not.toContain(id);
    const [alert] = await db
      .select()
      .from(alerts)
      .where(eq(alerts.dedupeKey, `comms_retries_exhausted:${id}`));
    expect(alert.source).toBe("comms_retries_exhausted");
  });

  it("bounce → no retry, contact flagged, alert and follow-up; the next message to it is held", async () => {
    const b = await commsBooking(db);
    await injectFault(db, { channel: "email", target: b.email, kind: "bounce", times: 1 });
    const id = (await queue(b.bookingId, "confirmation_email"))!;
    expect(await sendCommunication(db, id)).toBe("sent"); // accepted; the bounce arrives as an event
    expect(await commRow(db, id)).toMatchObject({ status: "bounced", nextRetryAt: null });
    expect(await dueCommunications(db, new Date(Date.now() + 86_400_000))).not.toContain(id);
    const flags = await db.select().from(contactFlags).where(eq(contactFlags.address, b.email));
    expect(flags).toMatchObject([{ channel: "email", reason: "bounced", communicationId: id }]);
    const [alert] = await db
      .select()
      .from(alerts)
      .where(eq(alerts.dedupeKey, `comms_permanent:email:${b.email}`));
    expect(alert.bookingId).toBe(b.bookingId);
    const [followUp] = await db
      .select()
      .from(manualFollowUps)
      .where(eq(manualFollowUps.dedupeKey, `fix_contact:email:${b.email}`));
    expect(followUp).toMatchObject({ kind: "fix_contact", alertId: alert.id, resolved: false });

    const next = (await queue(b.bookingId, "refund_confirmation", "refund_confirmation"))!;
    expect(await sendCommunication(db, next)).toBe("failed");
    expect((await commRow(db, next)).failureReason).toMatch(/flagged/);
    expect(await db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, b.email))).toHaveLength(1);
  });

  it("push: an expired subscription is removed and the message goes by e-mail", async () => {
    const b = await commsBooking(db, { withUser: true });
    await setPreferredChannel(db, b.userId!, "push");
    const endpoint = `https://push.example.test/${b.bookingId}`;
    await db.insert(pushSubscriptions).values({ userId: b.userId!, endpoint, p256dh: "BKey", auth: "auth" });
    await injectFault(db, { channel: "push", target: endpoint, kind: "expired", times: 1 });
    const id = (await queue(b.bookingId, "schedule_change", "schedule_change_alert"))!;
    expect((await commRow(db, id)).channel).toBe("push");
    expect(await sendCommunication(db, id)).toBe("fell_back");
    expect(await db.select().from(pushSubscriptions).where(eq(pushSubscriptions.userId, b.userId!))).toHaveLength(0);
    expect((await commRow(db, id)).failureReason).toMatch(/sent by e-mail instead/);
    const [email] = await db
      .select()
      .from(bookingCommunications)
      .where(eq(bookingCommunications.dedupeKey, `schedule_change:${b.bookingId}:email`));
    expect(email.channel).toBe("email");
    expect(await sendCommunication(db, email.id)).toBe("sent");
    const [mail] = await db.select().from(mailOutbox).where(eq(mailOutbox.communicationId, email.id));
    expect(mail.subject).toContain("Schedule change");
  });

  it("push: a live subscription receives it; a dead one beside it is removed", async () => {
    const b = await commsBooking(db, { withUser: true });
    await setPreferredChannel(db, b.userId!, "push");
    const live = `https://push.example.test/live-${b.bookingId}`,
      dead = `https://push.example.test/dead-${b.bookingId}`;
    await db.insert(pushSubscriptions).values([
      { userId: b.userId!, endpoint: live, p256dh: "k", auth: "a" },
      { userId: b.userId!, endpoint: dead, p256dh: "k", auth: "a" },
    ]);
    await injectFault(db, { channel: "push", target: dead, kind: "invalid", times: null });
    const id = (await queue(b.bookingId, "trip", "trip_reminder"))!;
    expect(await sendCommunication(db, id)).toBe("sent");
    expect(
      (await db.select().from(pushSubscriptions).where(eq(pushSubscriptions.userId, b.userId!))).map((s) => s.endpoint),
    ).toEqual([live]);
    const got = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from local_push_messages where endpoint = ${live} and communication_id = ${id}`,
    );
    expect(got[0].n).toBe(1);
  });

  it("SMS to an undeliverable number: bounced, the number flagged, the message sent by e-mail", async () => {
    const b = await commsBooking(db, { withUser: true, phone: "+15005550009" });
    await setPreferredChannel(db, b.userId!, "sms");
    await injectFault(db, { channel: "sms", target: "+15005550009", kind: "undeliverable", times: null });
    const id = (await queue(b.bookingId, "cancellation", "cancellation_notice"))!;
    expect(await commRow(db, id)).toMatchObject({ channel: "sms", recipientPhone: "+15005550009" });
    expect(await sendCommunication(db, id)).toBe("bounced");
    expect(await db.select().from(contactFlags).where(eq(contactFlags.address, "+15005550009"))).toMatchObject([
      { channel: "sms", reason: "undeliverable" },
    ]);
    const [email] = await db
      .select()
      .from(bookingCommunications)
      .where(eq(bookingCommunications.dedupeKey, `cancellation:${b.bookingId}:email`));
    expect(email).toMatchObject({ channel: "email", status: "pending" });
  });
});

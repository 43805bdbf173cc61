import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  alerts,
  bookingCommunications,
  escalationNotifications,
  localSlackMessages,
  mailOutbox,
  manualFollowUps,
} from "@/db/schema";
import { seedDemo } from "@/db/seed";
import { localEmailChannel } from "@/server/notify/email";
import { localSmsChannel } from "@/server/notify/sms";
import { injectSlackFault, localSlackChannel, webhookSlackChannel } from "@/server/notify/slack";
import { createTestDb } from "@/tests/db";
import { checkMassCancellation } from "./check-mass-cancellation";
import { deliverNotification, type EscalationPorts, retryStalledNotifications } from "./deliver-notification";
import { escalateEvent } from "./escalate-event";
import { raiseAlert } from "./raise-alert";

const db = await createTestDb();
const q = async <T>(query: ReturnType<typeof sql>) => (await db.execute(query)) as unknown as T[];
const HOUR = 3_600_000;
const ports = (over: Partial<EscalationPorts> = {}): EscalationPorts => ({
  slack: localSlackChannel(db),
  email: localEmailChannel(db, "ops@test"),
  sms: localSmsChannel(db, "+15005550006"),
  alertEmail: "founder@example.com",
  alertPhone: "+15005550001",
  appUrl: "http://ops.test",
  ...over,
});

beforeAll(async () => {
  await seedDemo(db, { bookings: 150, now: new Date() });
});

/** Marks `n` live items of one provider as cancelled by it just now (what the lifecycle writes). */
async function providerCancels(provider: string, n: number, at = new Date()) {
  return q<{
    id: string;
  }>(sql`update booking_items set status = 'provider_cancelled', status_changed_at = ${at.toISOString()}::timestamptz
    where id in (select id from booking_items where provider_code = ${provider} and status in ('confirmed', 'ticketed') order by id limit ${n}) returning id`);
}

describe("mass cancellation (docs/architecture.md: > 10 in 60 minutes, once per provider per hour)", () => {
  it("fires once, not eleven times, for a burst of eleven evaluated concurrently", async () => {
    const [{ code }] = await q<{
      code: string;
    }>(sql`select provider_code as code from booking_items where status in ('confirmed', 'ticketed')
      group by provider_code having count(*) >= 13 order by count(*) desc limit 1`);
    const ten = await providerCancels(code, 10);
    // Ten is not more than ten.
    expect(await checkMassCancellation(db, { itemId: ten[0].id })).toMatchObject({ fired: false, cancellations: 10 });
    const eleventh = await providerCancels(code, 1);
    const all = [...ten, ...eleventh];
    const outcomes = await Promise.all(all.map((i) => checkMassCancellation(db, { itemId: i.id })));
    expect(outcomes.filter((o) => o?.fired)).toHaveLength(1);
    const rows = await db.select().from(alerts).where(eq(alerts.source, "mass_cancellation"));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ severity: "critical", occurrences: 1, dedupeKey: `mass_cancellation:${code}` });
    expect(rows[0].responseDueAt!.getTime() - rows[0].createdAt.getTime()).toBeGreaterThan(HOUR - 60_000);
    const [fu] = await db.select().from(manualFollowUps).where(eq(manualFollowUps.alertId, rows[0].id));
    expect(fu).toMatchObject({ priority: "critical", kind: "escalation", resolved: false });
    const channels = await db
      .select({ c: escalationNotifications.channel })
      .from(escalationNotifications)
      .where(eq(escalationNotifications.alertId, rows[0].id));
    expect(channels.map((c) => c.c).sort()).toEqual(["email", "slack", "sms"]);

    // A twelfth within the hour: no second alert. An hour after the alert, a new burst may fire again.
    const twelfth = await providerCancels(code, 1);
    expect(await checkMassCancellation(db, { itemId: twelfth[0].id })).toMatchObject({
      fired: false,
      cancellations: 12,
    });
    const later = new Date(Date.now() + 61 * 60_000);
    expect(await checkMassCancellation(db, { itemId: twelfth[0].id, now: later })).toMatchObject({
      fired: false,
      cancellations: 0,
    });
    expect(await db.select().from(alerts).where(eq(alerts.source, "mass_cancellation"))).toHaveLength(1);
  });
});

describe("escalation rules", () => {
  it("dispute created: critical, slack + email + sms, follow-up due in 4 h, the traveler's auto-response queued, once", async () => {
    const [b] = await q<{
      id: string;
      pay: string;
      email: string;
    }>(sql`select b.id, p.id as pay, b.contact_email as email from bookings b
      join payment_transactions p on p.booking_id = b.id where b.currency = 'EUR' limit 1`);
    const [d] = await q<{
      id: string;
    }>(sql`insert into disputes (booking_id, payment_transaction_id, stripe_dispute_id, amount_minor, currency, status, reason, evidence_due_by)
      values (${b.id}, ${b.pay}, 'dp_esc_1', 12345, 'EUR', 'needs_response', 'fraudulent', now() + interval '10 days') returning id`);
    const now = new Date();
    const e = await escalateEvent(db, "dispute/created", { disputeId: d.id, bookingId: b.id }, "evt-1", now);
    expect(e!.notifications.map((n) => n.channel)).toEqual(["email", "slack", "sms"]);
    const [a] = await db.select().from(alerts).where(eq(alerts.id, e!.alertId));
    expect(a).toMatchObject({ severity: "critical", source: "dispute_created", bookingId: b.id });
    expect(a.title).toContain("€123.45");
    expect(a.responseDueAt!.getTime()).toBe(now.getTime() + 4 * HOUR);
    const [fu] = await db.select().from(manualFollowUps).where(eq(manualFollowUps.id, e!.followUpId));
    expect(fu.dueAt.getTime()).toBe(now.getTime() + 4 * HOUR);
    const comms = await db
      .select()
      .from(bookingCommunications)
      .where(and(eq(bookingCommunications.bookingId, b.id), eq(bookingCommunications.type, "support_update")));
    expect(comms).toHaveLength(1);
    expect(comms[0]).toMatchObject({
      status: "pending",
      recipientEmail: b.email,
      templateData: expect.objectContaining({ message: "Dispute received. Gathering evidence automatically." }),
    });

    // Delivered once each; the same event again (a retried step) finds nothing left to send.
    for (const n of e!.notifications) expect(await deliverNotification(db, n.id, ports())).toEqual({ status: "sent" });
    const again = await escalateEvent(db, "dispute/created", { disputeId: d.id, bookingId: b.id }, "evt-1", now);
    expect(again).toMatchObject({ alertId: e!.alertId, followUpId: e!.followUpId, notifications: [] });
    expect(
      await db.select().from(bookingCommunications).where(eq(bookingCommunications.type, "support_update")),
    ).toHaveLength(1);
    const mails = await db.select().from(mailOutbox).where(eq(mailOutbox.tag, "escalation"));
    expect(mails.map((m) => m.subject)).toEqual([`[CRITICAL] ${a.title}`]);
    const [sms] = await q<{ body: string }>(sql`select body from local_sms_messages where to_number = '+15005550001'`);
    expect(sms.body).toContain("ALERT [critical]");
  });

  it("refund failed: high, slack + email, 24 h, no auto-response; an alert the money flow raised itself is escalated, not doubled", async () => {
    const [r] = await q<{ id: string; booking: string }>(
      sql`select r.id, r.booking_id as booking from refunds r limit 1`,
    );
    await raiseAlert(db, {
      severity: "high",
      source: "refund_failed",
      title: "Refund failed (raised by the flow)",
      bookingId: r.booking,
      dedupeKey: `refund_failed:${r.id}`,
    });
    const e = await escalateEvent(db, "refund/failed", { refundId: r.id, bookingId: r.booking }, "evt-2");
    expect(e!.notifications.map((n) => n.channel)).toEqual(["email", "slack"]);
    const rows = await db
      .select()
      .from(alerts)
      .where(eq(alerts.dedupeKey, `refund_failed:${r.id}`));
    expect(rows).toHaveLength(1);
    expect(rows[0].occurrences).toBe(1);
    expect(
      await db
        .select()
        .from(bookingCommunications)
        .where(and(eq(bookingCommunications.bookingId, r.booking), eq(bookingCommunications.type, "support_update"))),
    ).toHaveLength(0);
  });

  it("repeated sync failures: the sync's own alert gets the medium rule's Slack message and a follow-up", async () => {
    const [b] = await q<{ id: string }>(sql`select id from bookings limit 1 offset 3`);
    const a = await raiseAlert(db, {
      severity: "medium",
      source: "sync_failed",
      title: "Sync failing for X",
      bookingId: b.id,
      dedupeKey: `sync_failed:${b.id}`,
    });
    const e = await escalateEvent(
      db,
      "alert/raised",
      { alertId: a.id, source: "sync_failed", severity: "medium", bookingId: b.id },
      "evt-3",
    );
    expect(e).toMatchObject({ alertId: a.id, notifications: [{ channel: "slack" }] });
    expect(
      await escalateEvent(db, "alert/raised", { alertId: a.id, source: "provider_cancelled" }, "evt-4"),
    ).toBeNull();
    expect(
      await escalateEvent(db, "item/status_changed", { itemId: crypto.randomUUID(), to: "cancelled" }, "evt-5"),
    ).toBeNull();
  });

  it("rollback failed: critical, 1 h", async () => {
    const e = await escalateEvent(
      db,
      "rollback/failed",
      { step: "void fee charge", error: "gateway timeout" },
      "evt-6",
    );
    const [a] = await db.select().from(alerts).where(eq(alerts.id, e!.alertId));
    expect(a).toMatchObject({
      severity: "critical",
      source: "booking_rollback_failed",
      title: "Rollback failed: void fee charge (gateway timeout)",
    });
    expect(a.responseDueAt!.getTime() - Date.now()).toBeLessThanOrEqual(HOUR);
  });
});

describe("channels", () => {
  // Each case escalates its own alert: an open one of the same rule would take it into its group
  // (raise-alert.ts, tested in alert-groups.int.test.ts), and its channels would not go out again.
  const noOpenAlerts = () => db.update(alerts).set({ status: "acknowledged" }).where(eq(alerts.status, "open"));
  beforeEach(noOpenAlerts);
  it("local Slack: a transient fault is recorded and thrown (the step retries), then sent; a permanent one is recorded, not retried", async () => {
    const e = await escalateEvent(db, "rollback/failed", { step: "cancel hotel", rollbackId: "rb-fault" }, "evt-7");
    const slack = e!.notifications.find((n) => n.channel === "slack")!;
    await injectSlackFault(db, "transient", 1);
    await expect(deliverNotification(db, slack.id, ports())).rejects.toThrow(/transient/);
    let [row] = await db.select().from(escalationNotifications).where(eq(escalationNotifications.id, slack.id));
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(await deliverNotification(db, slack.id, ports())).toEqual({ status: "sent" });
    expect(await deliverNotification(db, slack.id, ports())).toEqual({ status: "sent" }); // a retried step posts once
    [row] = await db.select().from(escalationNotifications).where(eq(escalationNotifications.id, slack.id));
    expect(row).toMatchObject({ status: "sent", attempts: 2 });
    const posted = await db
      .select()
      .from(localSlackMessages)
      .where(sql`${localSlackMessages.text} like '%cancel hotel%'`);
    expect(posted).toHaveLength(1);

    await noOpenAlerts();
    const e2 = await escalateEvent(db, "rollback/failed", { step: "cancel car", rollbackId: "rb-perm" }, "evt-8");
    await injectSlackFault(db, "permanent", 1);
    const s2 = e2!.notifications.find((n) => n.channel === "slack")!;
    expect(await deliverNotification(db, s2.id, ports())).toMatchObject({ status: "failed" });
  });

  it("the sweep sends what a run gave up on after transient failures, and leaves permanent failures alone", async () => {
    const e = await escalateEvent(db, "rollback/failed", { step: "release seat", rollbackId: "rb-sweep" }, "evt-10");
    const slack = e!.notifications.find((n) => n.channel === "slack")!;
    await injectSlackFault(db, "transient", 1);
    await expect(deliverNotification(db, slack.id, ports())).rejects.toThrow();
    await db.execute(
      sql`update escalation_notifications set created_at = now() - interval '1 hour' where alert_id = ${e!.alertId}`,
    );
    const r = await retryStalledNotifications(db, {}, ports());
    expect(r.sent).toBeGreaterThanOrEqual(3); // slack again, and email + sms that never ran
    const rows = await db.select().from(escalationNotifications).where(eq(escalationNotifications.alertId, e!.alertId));
    expect(rows.every((n) => n.status === "sent")).toBe(true);
    expect(await retryStalledNotifications(db, {}, ports())).toEqual({ sent: 0, failed: 0, stillFailing: 0 });
  });

  it("Slack incoming webhook: JSON POST with text and blocks; a 404 (revoked webhook) is permanent", async () => {
    const got: { body: string; type: string | undefined }[] = [];
    let status = 200;
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        got.push({ body, type: req.headers["content-type"] });
        res.statusCode = status;
        res.end(status === 200 ? "ok" : "no_service");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T000/B000/XXXX`;
    try {
      const e = await escalateEvent(db, "rollback/failed", { step: "refund fee", rollbackId: "rb-hook" }, "evt-9");
      const s = e!.notifications.find((n) => n.channel === "slack")!;
      expect(await deliverNotification(db, s.id, ports({ slack: webhookSlackChannel(url) }))).toEqual({
        status: "sent",
      });
      const body = JSON.parse(got[0].body);
      expect(got[0].type).toBe("application/json");
      expect(body.text).toBe("CRITICAL: Rollback failed: refund fee");
      expect(body.blocks[0]).toMatchObject({ type: "section", text: { type: "mrkdwn" } });
      status = 404;
      await expect(webhookSlackChannel(url).send({ text: "x" })).rejects.toMatchObject({ kind: "permanent" });
    } finally {
      server.close();
    }
  });
});

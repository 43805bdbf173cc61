// Issue 20, item 8: a burst of alerts of one source and severity is one alert with a count that
// lists every booking it covers, escalated (Slack, e-mail, SMS) once, and counted once.
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { alerts, escalationNotifications, localSlackMessages, manualFollowUps, outbox } from "@/db/schema";
import { seedDemo } from "@/db/seed";
import { createLocalCharge, createLocalDispute } from "@/server/payments/local-gateway";
import { handleDisputeEvent } from "@/server/services/disputes/handle-dispute-event";
import { createTestDb } from "@/tests/db";
import { gatewayEventsOf } from "@/tests/fixtures/disputes";
import { callerAs, sessions } from "@/tests/sessions";
import { deliverNotification } from "./deliver-notification";
import { escalateEvent } from "./escalate-event";
import { raiseAlert } from "./raise-alert";

const db = await createTestDb();
// Seeded a day ago, so no demo alert is recent enough for a new one to join.
await seedDemo(db, { bookings: 40, now: new Date(Date.now() - 86_400_000) });
const ops = callerAs(db, sessions.ops("founder@example.com"));
const BURST = 30;

describe("grouped alerts", () => {
  it("a burst of disputes on charges not ours: one critical alert with the count, one set of channel messages", async () => {
    const before = (await ops.ops.dashboard.overview()).metrics.criticalIssues;
    const earlier = new Set((await db.select({ id: alerts.id }).from(alerts)).map((a) => a.id));
    for (let i = 0; i < BURST; i++) {
      const { paymentIntentId } = await createLocalCharge(db, { amountMinor: 1_000 + i, currency: "USD" });
      const gd = await createLocalDispute(db, { paymentIntentId });
      const [created] = await gatewayEventsOf(db, gd.id);
      expect((await handleDisputeEvent(db, created)).action).toBe("created_unmatched");
    }
    // The escalation function's work for each dispute/created event, then its channel steps.
    const events = await db.select().from(outbox).where(eq(outbox.name, "dispute/created")).orderBy(outbox.createdAt);
    expect(events).toHaveLength(BURST);
    const toSend = [];
    for (const ev of events)
      toSend.push(...(await escalateEvent(db, ev.name, ev.data as Record<string, unknown>, ev.id))!.notifications);
    expect(toSend.map((n) => n.channel).sort()).toEqual(["email", "slack", "sms"]);
    for (const n of toSend) expect((await deliverNotification(db, n.id)).status).toBe("sent");

    const inbox = (await ops.ops.alerts.list({ severity: ["critical"] })).rows.filter((a) => !earlier.has(a.id));
    expect(inbox).toHaveLength(1);
    expect(inbox[0].groupSize).toBe(BURST);
    const groupId = inbox[0].id;
    expect(await db.$count(escalationNotifications, eq(escalationNotifications.alertId, groupId))).toBe(3);
    expect(await db.$count(escalationNotifications)).toBe(3);
    expect(await db.$count(manualFollowUps, eq(manualFollowUps.alertId, groupId))).toBe(1);
    expect(await db.$count(outbox, and(eq(outbox.name, "alert/raised")))).toBe(1);
    const slack = await db.select().from(localSlackMessages);
    expect(slack).toHaveLength(1);
    expect(slack[0].text).toContain(`+${BURST - 1} more alerts of this kind`);

    const { metrics, critical } = await ops.ops.dashboard.overview();
    expect(metrics.criticalIssues).toBe(before + 1);
    expect(critical.alerts.items.filter((a) => a.id === groupId)).toHaveLength(1);
    expect(critical.alerts.items.filter((a) => !earlier.has(a.id))).toHaveLength(1);

    // Resolving the group resolves every alert in it; the next one starts afresh.
    await ops.ops.alerts.resolve({ alertId: groupId });
    expect(
      await db.$count(
        alerts,
        and(sql`(${alerts.groupId} = ${groupId} or ${alerts.id} = ${groupId})`, sql`${alerts.status} <> 'resolved'`),
      ),
    ).toBe(0);
    const next = await raiseAlert(db, { severity: "critical", source: "dispute_created", title: "Another one" });
    expect(next).toMatchObject({ isNew: true, groupId: next.id });
  });

  it("a grouped alert lists every booking it covers", async () => {
    const rows = await db.execute<{ id: string; reference: string }>(
      sql`select id, booking_reference as reference from bookings order by booking_reference limit 5`,
    );
    const raised = [];
    for (const b of rows)
      raised.push(
        await raiseAlert(db, {
          severity: "high",
          source: "refund_failed",
          title: `Refund failed on ${b.reference}`,
          bookingId: b.id,
          dedupeKey: `refund_failed:test:${b.id}`,
        }),
      );
    // A repeat of one alert counts on it, not as another member of the group.
    await raiseAlert(db, {
      severity: "high",
      source: "refund_failed",
      title: "again",
      bookingId: rows[0].id,
      dedupeKey: `refund_failed:test:${rows[0].id}`,
    });
    const [group] = (await ops.ops.alerts.list({ severity: ["high"] })).rows.filter(
      (a) => a.source === "refund_failed",
    );
    expect(group).toMatchObject({ id: raised[0].id, groupSize: 5, occurrences: 2 });
    expect(group.bookings.map((b) => b.reference)).toEqual(rows.map((r) => r.reference));
    // Another source or severity is its own alert.
    const other = await raiseAlert(db, {
      severity: "low",
      source: "refund_failed",
      title: "Low",
      bookingId: rows[1].id,
    });
    expect(other.isNew).toBe(true);
    // Each alert keeps its own row: a booking's alert is still found by its booking.
    for (const b of rows)
      expect(
        await db.$count(alerts, and(eq(alerts.bookingId, b.id), eq(alerts.source, "refund_failed"))),
      ).toBeGreaterThan(0);
  });
});

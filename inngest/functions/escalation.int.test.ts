import { providerActor } from "@/server/domain/actor";
import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { alerts, escalationNotifications, localSlackMessages } from "@/db/schema";
import { seedDemo } from "@/db/seed";
import type { EventPayload } from "@/server/events/catalogue";
import { waitFor } from "@/tests/job-harness";
import { recordEvent } from "@/server/services/events/record-event";
import { relayOutbox } from "@/server/services/events/relay-outbox";
import { handleProviderCancellation } from "@/server/services/provider-events/handle-provider-cancellation";
import { createTestDb } from "@/tests/db";
import { startLocalApp } from "../local-app";

// The escalation function, served by the SDK's own handler and driven by the local server, fed by
// the outbox relay exactly as in production.
const db = await createTestDb();
const q = async <T>(query: ReturnType<typeof sql>) => (await db.execute(query)) as unknown as T[];
await seedDemo(db, { bookings: 200, now: new Date() });
const { inngest, close } = await startLocalApp(db);
afterAll(() => close());
const send = (events: Parameters<typeof inngest.send>[0]) => inngest.send(events);
const relayAll = async () => {
  while ((await relayOutbox(db, send)).sent > 0);
};
const runsOf = (fn: string) =>
  q<{ status: string; n: number }>(sql`select r.status::text as status, count(*)::int as n from job_runs r
  where r.function_id like ${`%${fn}`} group by r.status`);

describe("escalation on the local Inngest-compatible server", () => {
  it("a burst of eleven provider cancellations raises one mass-cancellation alert, posted to Slack once", async () => {
    const items = await q<{ id: string; provider: string }>(sql`with p as (
        select provider_code from booking_items i join bookings b on b.id = i.booking_id
        where i.status in ('confirmed', 'ticketed') and b.status in ('confirmed', 'ticketed', 'modified', 'partially_cancelled')
        group by provider_code having count(*) >= 11 order by count(*) desc limit 1)
      select i.id, i.provider_code as provider from booking_items i join bookings b on b.id = i.booking_id join p using (provider_code)
      where i.status in ('confirmed', 'ticketed') and b.status in ('confirmed', 'ticketed', 'modified', 'partially_cancelled') order by i.id limit 11`);
    expect(items).toHaveLength(11);
    for (const it of items)
      expect(
        await handleProviderCancellation(db, {
          itemId: it.id,
          actor: providerActor("sandbox"),
          reason: "Provider outage",
        }),
      ).toMatchObject({ applied: true });
    await relayAll();
    // The same events delivered again under other ids (a second relay, a replay): still one alert.
    const again = await q<{ data: EventPayload<"item/status_changed"> }>(
      sql`select data from outbox where name = 'item/status_changed' and data->>'to' = 'provider_cancelled'`,
    );
    await Promise.all(again.map((e) => recordEvent(db, "item/status_changed", e.data)));
    await relayAll();
    await waitFor(
      async () => {
        const runs = await runsOf("escalation");
        const done = runs.filter((r) => r.status === "completed").reduce((s, r) => s + r.n, 0);
        return done >= 22 && runs.every((r) => ["completed", "failed"].includes(r.status)) ? runs : null;
      },
      60_000,
      "22 escalation runs",
    );
    const rows = await db.select().from(alerts).where(eq(alerts.source, "mass_cancellation"));
    expect(rows).toHaveLength(1);
    expect(rows[0].title).toContain(items[0].provider);
    const sent = await db
      .select({ channel: escalationNotifications.channel, status: escalationNotifications.status })
      .from(escalationNotifications)
      .where(eq(escalationNotifications.alertId, rows[0].id));
    expect(sent.sort((a, b) => a.channel.localeCompare(b.channel))).toEqual([
      { channel: "email", status: "sent" },
      { channel: "slack", status: "sent" },
      { channel: "sms", status: "sent" },
    ]);
    expect(
      await db
        .select()
        .from(localSlackMessages)
        .where(sql`${localSlackMessages.text} like '%Mass cancellation%'`),
    ).toHaveLength(1);
  });

  it("refund/failed from the money flow: alert, follow-up and channels, each channel its own step", async () => {
    const [r] = await q<{ id: string; booking: string }>(sql`select id, booking_id as booking from refunds limit 1`);
    await recordEvent(db, "refund/failed", { refundId: r.id, bookingId: r.booking });
    await relayAll();
    const a = await waitFor(
      async () => {
        const [row] = await db
          .select()
          .from(alerts)
          .where(eq(alerts.dedupeKey, `refund_failed:${r.id}`));
        if (!row) return null;
        const n = await db.select().from(escalationNotifications).where(eq(escalationNotifications.alertId, row.id));
        const [run] = await q<{ status: string }>(
          sql`select j.status::text as status from job_runs j join job_events e on e.id = j.event_id where e.name = 'refund/failed'`,
        );
        return n.length === 2 && n.every((x) => x.status === "sent") && run?.status === "completed" ? row : null;
      },
      30_000,
      "the refund escalation delivered and its run completed",
    );
    expect(a).toMatchObject({ severity: "high", bookingId: r.booking });
    const [step] = await q<{
      names: string[];
    }>(sql`select array_agg(s.name order by s.name) as names from job_steps s join job_runs j on j.id = s.run_id
      join job_events e on e.id = j.event_id where e.name = 'refund/failed'`);
    expect(step.names).toEqual(["escalate", "notify email", "notify slack", "now"]);
  });
});

import { opsActor, providerActor } from "@/server/domain/actor";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alerts, automationRules, automationRuns, manualFollowUps, providerWebhooks } from "@/db/schema";
import { seedDemo } from "@/db/seed";
import { events } from "@/server/events/catalogue";
import { getJobRun, listJobFunctions, replayRun, runCronNow } from "@/server/jobs/console";
import { waitFor } from "@/tests/job-harness";
import { failUnfinishedRuns } from "@/server/services/automation/finish-run";
import { startMatchingRuns } from "@/server/services/automation/start-runs";
import { completeEndedBookings } from "@/server/services/bookings/complete-ended-bookings";
import { confirmCancellation } from "@/server/services/cancellations/confirm-cancellation";
import { requestCancellation } from "@/server/services/cancellations/request-cancellation";
import { startOutboxRelay } from "@/server/services/events/relay-outbox";
import { transitionItem } from "@/server/services/lifecycle";
import { handleProviderCancellation } from "@/server/services/provider-events/handle-provider-cancellation";
import { processProviderWebhook } from "@/server/services/provider-events/process-webhook";
import { createTestDb } from "@/tests/db";
import { callerAs, sessions } from "@/tests/sessions";
import { startLocalApp } from "../local-app";

// The rules engine on the local Inngest-compatible server, fed by the outbox relay as in
// production; the rules are the migration's rows (the spec's four) plus test rules written as data.
const db = await createTestDb();
const DAY = 86_400_000;
const q = async <T>(query: ReturnType<typeof sql>) => (await db.execute(query)) as unknown as T[];
// Seeded three weeks ago: some trips have ended since (the scheduled rule completes them).
await seedDemo(db, { bookings: 200, now: new Date(Date.now() - 21 * DAY) });
await db.execute(
  sql`update sandbox_provider_settings set latency_ms = 0, jitter_ms = 0, error_rate_bps = 0, events_per_hour = 0`,
);
const app = await startLocalApp(db, { pollMs: 10, only: ["automation", "automation-clock", "process-cancellation"] });
const relay = startOutboxRelay(db, (e) => app.inngest.send(e), { idleMs: 20 });
afterAll(async () => {
  await relay.stop();
  await app.close();
});
const ops = callerAs(db, sessions.ops("founder@example.com"));

type Item = { id: string; booking: string; share: number };
const used = new Set<string>();
/** Live, charged items of live bookings with at least two items (so the booking is only partly cancelled), one per booking. */
async function freshItems(n: number): Promise<Item[]> {
  const rows = await q<Item>(sql`select distinct on (b.id) i.id, b.id as booking, i.charge_share_minor::int as share
    from booking_items i join bookings b on b.id = i.booking_id
    where i.status in ('confirmed', 'ticketed') and b.status in ('confirmed', 'ticketed', 'modified') and i.charge_share_minor > 0
      and b.travel_start_at > now()
      and (select count(*) from booking_items x where x.booking_id = b.id) >= 2
      and exists (select 1 from payment_transactions p where p.booking_id = b.id and p.kind = 'charge' and p.status = 'succeeded')
      and not exists (select 1 from refunds r where r.booking_id = b.id)
      and not exists (select 1 from cancellation_requests c where c.booking_id = b.id)
    order by b.id, i.id`);
  const free = rows.filter((r) => !used.has(r.booking)).slice(0, n);
  free.forEach((r) => used.add(r.booking));
  expect(free).toHaveLength(n);
  return free;
}

/** The engine's job runs for events about this item or booking, once all are finished. */
async function settledRuns(match: { itemId?: string; bookingId?: string }, atLeast = 1) {
  return waitFor(
    async () => {
      const rows = await q<{ status: string; output: { runs?: Record<string, string> } | null; id: string }>(sql`
      select r.id, r.status::text as status, r.output from job_runs r join job_functions f on f.id = r.function_id
      where f.id like '%automation' and (r.event->'data'->>'itemId' = ${match.itemId ?? ""} or r.event->'data'->>'bookingId' = ${match.bookingId ?? ""})`);
      return rows.length >= atLeast && rows.every((r) => ["completed", "failed"].includes(r.status)) ? rows : null;
    },
    60_000,
    "the automation runs to finish",
  );
}
const runsOf = (ruleId: string, bookingId: string) =>
  db
    .select()
    .from(automationRuns)
    .where(and(eq(automationRuns.ruleId, ruleId), eq(automationRuns.bookingId, bookingId)))
    .orderBy(automationRuns.startedAt);
const outcomes = (run: typeof automationRuns.$inferSelect) => run.actions.map((a) => `${a.type}:${a.outcome}`);
const itemFacts = (itemId: string) =>
  q<{
    refunds: number;
    refund_status: string | null;
    notices: number;
    alerts: number;
    occurrences: number;
    transitions: number;
    gateway: number;
  }>(sql`select
  (select count(*)::int from refunds where idempotency_key = ${`refund:provider_cancelled:${itemId}`}) as refunds,
  (select status::text from refunds where idempotency_key = ${`refund:provider_cancelled:${itemId}`}) as refund_status,
  (select count(*)::int from booking_communications where dedupe_key = ${`provider_cancellation:${itemId}`}) as notices,
  (select count(*)::int from alerts where dedupe_key = ${`provider_cancelled:${itemId}`}) as alerts,
  (select coalesce(sum(occurrences), 0)::int from alerts where dedupe_key = ${`provider_cancelled:${itemId}`}) as occurrences,
  (select count(*)::int from booking_status_history where booking_item_id = ${itemId} and to_status = 'provider_cancelled') as transitions,
  (select count(*)::int from local_gateway_refunds g join refunds r on g.metadata->>'refund_id' = r.id::text where r.idempotency_key = ${`refund:provider_cancelled:${itemId}`}) as gateway`);

describe("automation rules on the local job server", () => {
  it("the migrations hold the spec's four rules, each on an event the engine listens to (simple refund retired)", async () => {
    const rules = await db.select().from(automationRules).orderBy(automationRules.id);
    expect(rules.map((r) => [r.id, r.event, r.enabled])).toEqual([
      ["auto_cancel_provider_cancelled", "item/status_changed", true],
      ["auto_complete_past_bookings", "automation/scheduled", true],
      ["auto_process_simple_refund", "cancellation/completed", false],
      ["auto_update_schedule_change", "item/status_changed", true],
    ]);
    const fn = (await listJobFunctions(db)).find((f) => f.id.endsWith("-automation"))!;
    expect(fn.triggers.map((t) => t.event)).toEqual(expect.arrayContaining(rules.map((r) => r.event)));
  });

  it("auto_cancel_provider_cancelled after the webhook path: the traveler is told and the refund paid, nothing done twice", async () => {
    const [it0] = await freshItems(1);
    // The webhook path (process-webhook → handleProviderCancellation) handled the cancellation itself.
    expect(
      await handleProviderCancellation(db, {
        itemId: it0.id,
        actor: providerActor("sandbox"),
        reason: "skyway: flight cancelled",
      }),
    ).toMatchObject({ applied: true });
    await settledRuns({ itemId: it0.id });
    const [run] = await runsOf("auto_cancel_provider_cancelled", it0.booking);
    expect(run.status).toBe("completed");
    // cancel, refund and alert were already done by the service: the rule's calls to the same services change nothing.
    expect(outcomes(run)).toEqual([
      "cancel_item:unchanged",
      "refund_in_full:unchanged",
      "process_refund:done",
      "send_notification:done",
      "create_alert:unchanged",
    ]);
    expect((await itemFacts(it0.id))[0]).toEqual({
      refunds: 1,
      refund_status: "succeeded",
      notices: 1,
      alerts: 1,
      occurrences: 1,
      transitions: 1,
      gateway: 1,
    });
    const [b] = await q<{
      status: string;
      items: string[];
    }>(sql`select b.status::text as status, array_agg(i.status::text order by i.id) as items
      from bookings b join booking_items i on i.booking_id = b.id where b.id = ${it0.booking} group by b.status`);
    // docs/architecture.md, "Provider cancellations": the rule acts on the item; the booking is
    // cancelled only when all its items are.
    expect(b.status).toBe("partially_cancelled");
    expect(b.items.filter((s) => s === "provider_cancelled")).toHaveLength(1);
  });

  it("a provider cancellation found by sync (no refund recorded on that path): the rule records the full refund, pays it and alerts", async () => {
    const [it1] = await freshItems(1);
    expect(
      await transitionItem(db, {
        itemId: it1.id,
        to: "provider_cancelled",
        actor: providerActor("sandbox"),
        reason: "Provider reports the booking cancelled (found by sync)",
      }),
    ).toMatchObject({ applied: true });
    await settledRuns({ itemId: it1.id });
    const [run] = await runsOf("auto_cancel_provider_cancelled", it1.booking);
    expect(outcomes(run)).toEqual([
      "cancel_item:unchanged",
      "refund_in_full:done",
      "process_refund:done",
      "send_notification:done",
      "create_alert:done",
    ]);
    expect((await itemFacts(it1.id))[0]).toEqual({
      refunds: 1,
      refund_status: "succeeded",
      notices: 1,
      alerts: 1,
      occurrences: 1,
      transitions: 1,
      gateway: 1,
    });
    const [r] = await q<{ amount: number }>(
      sql`select amount_minor::int as amount from refunds where idempotency_key = ${`refund:provider_cancelled:${it1.id}`}`,
    );
    expect(r.amount).toBe(it1.share);
  });

  it("a replayed run of the same event runs no rule again; the engine's own key holds without the job server's too", async () => {
    const [it2] = await freshItems(1);
    await handleProviderCancellation(db, { itemId: it2.id, actor: providerActor("sandbox"), reason: "cancelled" });
    const [job] = await settledRuns({ itemId: it2.id });
    const before = await itemFacts(it2.id);
    const replay = await replayRun(db, job.id);
    const done = await waitFor(
      async () => {
        const r = await getJobRun(db, replay);
        return r && ["completed", "failed"].includes(r.status) ? r : null;
      },
      30_000,
      "the replay",
    );
    expect(done.status).toBe("completed");
    expect(done.output).toEqual({ event: "item/status_changed", runs: {} });
    expect(await runsOf("auto_cancel_provider_cancelled", it2.booking)).toHaveLength(1);
    expect(await itemFacts(it2.id)).toEqual(before);
    // Same event id straight into the engine's first step: nothing new starts.
    const [event] = await q<{
      id: string;
      name: string;
      data: Record<string, unknown>;
    }>(sql`select id::text, name, data from outbox
      where name = 'item/status_changed' and data->>'itemId' = ${it2.id}`);
    expect(await startMatchingRuns(db, event, new Date())).toEqual([]);
    // And the same event sent again under its id is dropped by the job server.
    await app.inngest.send({ id: event.id, name: event.name, data: event.data });
    await new Promise((r) => setTimeout(r, 300));
    expect(await settledRuns({ itemId: it2.id })).toHaveLength(2); // the first run and its replay, no third
    expect(await runsOf("auto_cancel_provider_cancelled", it2.booking)).toHaveLength(1);
  });

  it("a disabled rule does not fire; enabled again, it does", async () => {
    const off = await ops.ops.automation.setEnabled({ ruleId: "auto_cancel_provider_cancelled", enabled: false });
    expect(off).toMatchObject({ enabled: false, updatedBy: "founder@example.com", changed: true });
    const [it3, it4] = await freshItems(2);
    await handleProviderCancellation(db, { itemId: it3.id, actor: providerActor("sandbox"), reason: "cancelled" });
    await settledRuns({ itemId: it3.id });
    expect(await runsOf("auto_cancel_provider_cancelled", it3.booking)).toEqual([]);
    expect((await itemFacts(it3.id))[0].notices).toBe(0);
    await ops.ops.automation.setEnabled({ ruleId: "auto_cancel_provider_cancelled", enabled: true });
    await handleProviderCancellation(db, { itemId: it4.id, actor: providerActor("sandbox"), reason: "cancelled" });
    await settledRuns({ itemId: it4.id });
    expect((await runsOf("auto_cancel_provider_cancelled", it4.booking)).map((r) => r.status)).toEqual(["completed"]);
  });

  it("conditions that do not hold start no run", async () => {
    const [it5] = await freshItems(1);
    // A provider_cancelled change from an origin the rule excludes (`event.from` is not live).
    await app.inngest.send(
      events.itemStatusChanged.create(
        {
          itemId: it5.id,
          bookingId: it5.booking,
          from: "pending",
          to: "provider_cancelled",
          actor: { kind: "provider", id: null },
          reason: "Provider cancelled",
        },
        { id: `test-${it5.id}` },
      ),
    );
    const [job] = await settledRuns({ itemId: it5.id });
    expect(job.output).toEqual({ event: "item/status_changed", runs: {} });
    expect(await db.select().from(automationRuns).where(eq(automationRuns.bookingId, it5.booking))).toEqual([]);
    expect((await itemFacts(it5.id))[0]).toMatchObject({ refunds: 0, notices: 0 });
  });

  it("two rules on one event both run; the message they both ask for goes out once", async () => {
    await db.insert(automationRules).values({
      id: "test_notify_provider_cancelled",
      description: "Test: tell the traveler",
      trigger: "status_change",
      event: "item/status_changed",
      conditions: [{ field: "event.to", operator: "equals", value: "provider_cancelled" }],
      actions: [{ type: "send_notification", params: { template: "provider_cancellation" } }],
    });
    try {
      const [it6] = await freshItems(1);
      await handleProviderCancellation(db, { itemId: it6.id, actor: providerActor("sandbox"), reason: "cancelled" });
      await settledRuns({ itemId: it6.id });
      const runs = await db.select().from(automationRuns).where(eq(automationRuns.bookingId, it6.booking));
      expect(runs.map((r) => [r.ruleId, r.status]).sort()).toEqual([
        ["auto_cancel_provider_cancelled", "completed"],
        ["test_notify_provider_cancelled", "completed"],
      ]);
      const told = runs
        .flatMap((r) => r.actions.filter((a) => a.type === "send_notification").map((a) => a.outcome))
        .sort();
      expect(told).toEqual(["done", "unchanged"]);
      expect((await itemFacts(it6.id))[0].notices).toBe(1);
    } finally {
      await db
        .update(automationRules)
        .set({ enabled: false })
        .where(eq(automationRules.id, "test_notify_provider_cancelled"));
    }
  });

  it("a failing action fails its run and escalates once per rule and booking; the other rules still run", async () => {
    await db.insert(automationRules).values({
      id: "test_broken",
      description: "Test: a rule naming a template that does not exist",
      trigger: "status_change",
      event: "item/status_changed",
      conditions: [{ field: "event.to", operator: "equals", value: "provider_cancelled" }],
      actions: [
        { type: "create_alert", params: { severity: "low" } },
        { type: "send_notification", params: { template: "no_such_template" } },
      ],
    });
    try {
      // Two items of one booking: two events, two failed runs, one alert and one follow-up.
      const [b] = await q<{
        booking: string;
        ids: string[];
      }>(sql`select b.id as booking, array_agg(i.id order by i.id) as ids
        from bookings b join booking_items i on i.booking_id = b.id
        where b.status in ('confirmed', 'ticketed', 'modified') and i.status in ('confirmed', 'ticketed')
          and not exists (select 1 from cancellation_requests c where c.booking_id = b.id) and not exists (select 1 from refunds r where r.booking_id = b.id)
          and not (b.id::text = any(string_to_array(${[...used].join(",")}, ',')))
        group by b.id having count(*) >= 2 limit 1`);
      used.add(b.booking);
      for (const id of b.ids.slice(0, 2))
        await handleProviderCancellation(db, { itemId: id, actor: providerActor("sandbox"), reason: "cancelled" });
      await settledRuns({ bookingId: b.booking }, 2);
      await waitFor(
        async () => (await runsOf("test_broken", b.booking)).filter((r) => r.status === "failed").length === 2,
        30_000,
        "two failed runs",
      );
      const broken = await runsOf("test_broken", b.booking);
      expect(broken.map((r) => r.status)).toEqual(["failed", "failed"]);
      expect(broken[0].error).toContain('Unknown notification template "no_such_template"');
      // The action before the failing one did its work and is in the log.
      expect(broken[0].actions.map((a) => `${a.type}:${a.outcome}`)).toEqual(["create_alert:unchanged"]);
      const esc = await db
        .select()
        .from(alerts)
        .where(eq(alerts.dedupeKey, `automation_failed:test_broken:${b.booking}`));
      expect(esc).toHaveLength(1);
      expect(esc[0]).toMatchObject({
        source: "automation_failed",
        severity: "high",
        occurrences: 2,
        bookingId: b.booking,
      });
      const fu = await db
        .select()
        .from(manualFollowUps)
        .where(eq(manualFollowUps.dedupeKey, `automation_failed:test_broken:${b.booking}`));
      expect(fu).toHaveLength(1);
      expect(fu[0]).toMatchObject({ kind: "automation_failed", alertId: esc[0].id, resolved: false });
      expect((await runsOf("auto_cancel_provider_cancelled", b.booking)).map((r) => r.status)).toEqual([
        "completed",
        "completed",
      ]);
    } finally {
      await db.update(automationRules).set({ enabled: false }).where(eq(automationRules.id, "test_broken"));
    }
  });

  it("a function that fails as a whole (its onFailure) leaves no run started: each fails and escalates; an event with no run is alerted", async () => {
    await db.insert(automationRules).values({
      id: "test_whole",
      description: "Test: a rule on every completed cancellation",
      trigger: "status_change",
      event: "cancellation/completed",
      conditions: [],
      actions: [{ type: "create_alert", params: { severity: "low" } }],
    });
    try {
      const [{ booking }] = await freshItems(1);
      const event = { id: crypto.randomUUID(), name: "cancellation/completed", data: { bookingId: booking } };
      const started = await startMatchingRuns(db, event, new Date());
      expect(started.map((r) => r.ruleId)).toContain("test_whole");
      // What onFailure runs once the function's retries are spent (the local server's backoff makes waiting for it slow).
      expect(
        await failUnfinishedRuns(db, { id: event.id, name: event.name, bookingId: booking }, "database went away"),
      ).toEqual({ failed: started.length });
      const [run] = await runsOf("test_whole", booking);
      expect(run).toMatchObject({ status: "failed", error: "database went away" });
      expect(
        await db
          .select()
          .from(alerts)
          .where(eq(alerts.dedupeKey, `automation_failed:test_whole:${booking}`)),
      ).toHaveLength(1);
      // A second failure report changes nothing; an event whose rules never matched gets its own alert.
      expect(await failUnfinishedRuns(db, { id: event.id, name: event.name, bookingId: booking }, "again")).toEqual({
        failed: 0,
      });
      const lost = crypto.randomUUID();
      await failUnfinishedRuns(
        db,
        { id: lost, name: "cancellation/completed", bookingId: booking },
        "match step failed",
      );
      const [alert] = await db
        .select()
        .from(alerts)
        .where(eq(alerts.dedupeKey, `automation_failed:event:${lost}`));
      expect(alert).toMatchObject({ source: "automation_failed", severity: "high", bookingId: booking });
      expect(alert.title).toContain("match step failed");
    } finally {
      await db.update(automationRules).set({ enabled: false }).where(eq(automationRules.id, "test_whole"));
    }
  });

  it("auto_update_schedule_change after the webhook path: details applied and the traveler told once, by the service", async () => {
    const [it7] = await freshItems(1);
    const [ref] = await q<{ provider: string; ref: string }>(
      sql`select provider_code as provider, provider_booking_id as ref from booking_items where id = ${it7.id}`,
    );
    const occurredAt = new Date();
    const payload = {
      id: `evt_auto_${it7.id}`,
      type: "booking.schedule_changed",
      occurred_at: occurredAt.toISOString(),
      provider_booking_id: ref.ref,
      data: { summary: "Departure moved by 40 minutes", details: { note: "moved" } },
    };
    const [w] = await db
      .insert(providerWebhooks)
      .values({ providerCode: ref.provider, webhookId: payload.id, eventType: payload.type, occurredAt, payload })
      .returning({ id: providerWebhooks.id });
    // What process-provider-webhook does with the stored row.
    expect(await processProviderWebhook(db, w.id)).toEqual({
      status: "processed",
      action: "schedule_change",
      applied: true,
    });
    await settledRuns({ itemId: it7.id });
    const [run] = await runsOf("auto_update_schedule_change", it7.booking);
    expect(run.status).toBe("completed");
    expect(outcomes(run)).toEqual(["update_item_details:unchanged", "send_notification:unchanged"]);
    const [facts] = await q<{ notices: number; attempts: number; note: string }>(sql`select
      (select count(*)::int from booking_communications where type = 'schedule_change_alert' and template_data->>'itemId' = ${it7.id}) as notices,
      (select attempts from provider_webhooks where id = ${w.id}) as attempts,
      (select item_details->>'note' from booking_items where id = ${it7.id}) as note`);
    expect(facts).toEqual({ notices: 1, attempts: 1, note: "moved" });
  });

  it("auto_update_schedule_change for a change made without a webhook: the rule queues the notice the service did not", async () => {
    const [it8] = await freshItems(1);
    // A change recorded through the lifecycle alone (no webhook, no notice): the rule fills the gap, once.
    await transitionItem(db, {
      itemId: it8.id,
      to: "schedule_changed",
      actor: providerActor("sandbox"),
      reason: "Found by sync",
      providerEventAt: new Date(),
    });
    await settledRuns({ itemId: it8.id });
    const [run] = await runsOf("auto_update_schedule_change", it8.booking);
    expect(outcomes(run)).toEqual(["update_item_details:skipped", "send_notification:done"]);
    const [n] = await q<{ n: number }>(
      sql`select count(*)::int as n from booking_communications where type = 'schedule_change_alert' and template_data->>'itemId' = ${it8.id}`,
    );
    expect(n.n).toBe(1);
  });

  it("auto_process_simple_refund is retired: a confirmed cancellation runs no rule, its pipeline refunds and tells once", async () => {
    const [b] = await q<{ id: string }>(sql`select b.id from bookings b
      where b.status in ('confirmed', 'ticketed', 'modified') and b.travel_start_at > now() + interval '20 days'
        and not (b.id::text = any(string_to_array(${[...used].join(",")}, ',')))
        and exists (select 1 from payment_transactions p where p.booking_id = b.id and p.kind = 'charge' and p.status = 'succeeded')
        and not exists (select 1 from cancellation_requests c where c.booking_id = b.id) and not exists (select 1 from refunds r where r.booking_id = b.id)
        and not exists (select 1 from booking_items i where i.booking_id = b.id and i.status not in ('confirmed', 'ticketed'))
      order by b.travel_start_at desc limit 1`);
    used.add(b.id);
    const quote = await requestCancellation(
      db,
      { actor: opsActor("founder@example.com") },
      { bookingId: b.id, reason: "Plans changed", waiveFees: true },
    );
    await confirmCancellation(db, { actor: opsActor("founder@example.com") }, { cancellationId: quote.id });
    await waitFor(
      async () =>
        (await q<{ status: string }>(sql`select status::text from cancellation_requests where id = ${quote.id}`)).find(
          (c) => c.status === "completed",
        ),
      60_000,
      "the cancellation's completion",
    );
    // The rule is disabled (migration 0040): nothing but the pipeline acts on the cancellation.
    expect(await runsOf("auto_process_simple_refund", b.id)).toEqual([]);
    const [facts] = await q<{ refunds: number; notices: number }>(sql`select
      (select count(*)::int from refunds where booking_id = ${b.id}) as refunds,
      (select count(*)::int from booking_communications where booking_id = ${b.id} and type = 'cancellation_notice') as notices`);
    expect(facts).toEqual({ refunds: 1, notices: 1 });
  });

  it("auto_complete_past_bookings on the hourly tick: completes what ended, and the daily job then finds nothing twice", async () => {
    const [{ due }] = await q<{ due: number }>(sql`select count(*)::int as due from bookings b
      where status in ('confirmed', 'ticketed', 'modified', 'partially_cancelled') and travel_end_at < now()
        and not exists (select 1 from booking_items i where i.booking_id = b.id and i.status in ('pending', 'schedule_changed'))`);
    expect(due).toBeGreaterThan(0);
    const clock = (await listJobFunctions(db)).find((f) => f.id.endsWith("automation-clock"))!;
    expect(clock.cron).toBe("40 * * * *");
    await runCronNow(db, clock.id);
    const run = await waitFor(
      async () =>
        (await db.select().from(automationRuns).where(eq(automationRuns.ruleId, "auto_complete_past_bookings"))).find(
          (r) => r.status !== "started",
        ),
      60_000,
      "the scheduled rule's run",
    );
    expect(run.status).toBe("completed");
    expect(run.actions[0]).toMatchObject({
      type: "complete_ended_bookings",
      outcome: "done",
      detail: { completed: due },
    });
    expect(run.actions[1]).toMatchObject({ type: "schedule_review_request" });
    expect(await completeEndedBookings(db, { now: new Date() })).toEqual({ completed: 0 });
    // A second tick in the same hour has the same event id: dropped.
    await runCronNow(db, clock.id);
    await new Promise((r) => setTimeout(r, 500));
    expect(
      await db.select().from(automationRuns).where(eq(automationRuns.ruleId, "auto_complete_past_bookings")),
    ).toHaveLength(1);
  });
});

describe("the console's automation procedures", () => {
  beforeAll(async () => {
    await db
      .update(automationRules)
      .set({ enabled: true })
      .where(eq(automationRules.id, "auto_cancel_provider_cancelled"));
  });

  it("lists each rule readably with its last runs and what each did", async () => {
    const rules = await ops.ops.automation.rules();
    const r = rules.find((x) => x.id === "auto_cancel_provider_cancelled")!;
    expect(r.conditions).toEqual([
      "event.to is provider_cancelled",
      "event.from is one of confirmed, ticketed, modified, schedule_changed",
    ]);
    expect(r.actions.map((a) => a.type)).toEqual([
      "cancel_item",
      "refund_in_full",
      "process_refund",
      "send_notification",
      "create_alert",
    ]);
    expect(r.lastRuns.length).toBeGreaterThan(0);
    expect(r.lastRuns.length).toBeLessThanOrEqual(5);
    expect(r.lastRuns[0]).toMatchObject({ status: "completed", eventName: "item/status_changed" });
    expect(r.lastRuns[0].actions).toHaveLength(5);
    expect(r.totals.completed).toBeGreaterThan(0);
    expect(rules.find((x) => x.id === "test_broken")!.totals).toMatchObject({ failed: 2 });
  });

  it("setting what is set changes nothing; an unknown rule is NOT_FOUND, a bad input BAD_REQUEST", async () => {
    const same = await ops.ops.automation.setEnabled({ ruleId: "auto_update_schedule_change", enabled: true });
    expect(same.changed).toBe(false);
    await expect(ops.ops.automation.setEnabled({ ruleId: "no_such_rule", enabled: false })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(ops.ops.automation.setEnabled({ ruleId: "", enabled: false })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("refuses anyone but ops", async () => {
    const [b] = await q<{ id: string }>(sql`select id from bookings limit 1`);
    for (const [session, code] of [
      [sessions.traveler(crypto.randomUUID(), "t@example.test"), "FORBIDDEN"],
      [sessions.guest(b.id), "FORBIDDEN"],
      [null, "UNAUTHORIZED"],
    ] as const) {
      const api = callerAs(db, session);
      await expect(api.ops.automation.rules()).rejects.toMatchObject({ code });
      await expect(
        api.ops.automation.setEnabled({ ruleId: "auto_update_schedule_change", enabled: false }),
      ).rejects.toMatchObject({ code });
    }
    expect(
      (await db.select().from(automationRules).where(eq(automationRules.id, "auto_update_schedule_change")))[0].enabled,
    ).toBe(true);
  });
});

import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { seedDemo } from "@/db/seed";
import { getJobRun, listJobFunctions, listJobRuns, runCronNow } from "@/server/jobs/console";
import { waitFor } from "@/tests/job-harness";
import { deliverSandboxEvent, makeSandboxEvent } from "@/server/providers/sandbox/events";
import { relayOutbox } from "@/server/services/events/relay-outbox";
import { createTestDb } from "@/tests/db";
import { callerAs, sessions } from "@/tests/sessions";
import { startLocalApp } from "../local-app";

// The app's real functions, served by the SDK's own handler, driven by the local server.
const db = await createTestDb();
const DAY = 86_400_000;
const q = async <T>(query: ReturnType<typeof sql>) => (await db.execute(query)) as unknown as T[];
// Seeded a month ago: the trips that ended since then are due for completion now.
await seedDemo(db, { bookings: 150, now: new Date(Date.now() - 30 * DAY) });
const { appUrl, inngest, close } = await startLocalApp(db);
afterAll(() => close());

describe("app functions on the local Inngest-compatible server", () => {
  it("syncs every function with its schedule", async () => {
    const fns = await listJobFunctions(db);
    const live = fns.filter((f) => !f.removed);
    // The spec's scheduled jobs (and the outbox backstop and the sandbox's random events), each on its schedule.
    expect(Object.fromEntries(live.filter((f) => f.cron).map((f) => [f.name, f.cron]))).toEqual({
      "Sync active bookings": "0 */6 * * *",
      "Watch schedule changes": "0 * * * *",
      "Process refunds (hourly)": "15 * * * *",
      "Reconcile pending refunds with the gateway": "*/15 * * * *",
      "Refund legal deadlines": "7,22,37,52 * * * *",
      "Dispute evidence deadlines": "*/5 * * * *",
      "Queue trip reminders": "0 * * * *",
      "Queue review requests": "30 * * * *",
      "Retry failed messages": "*/15 * * * *",
      "Mark completed bookings": "0 2 * * *",
      "Weekly report": "0 7 * * 1",
      "Escalation sweep and metric rollups": "*/5 * * * *",
      "Publish waiting outbox events": "*/5 * * * *",
      "Sandbox providers: random events": "*/5 * * * *",
      "Automation rules: hourly tick": "40 * * * *",
      "Expire unpaid changes": "45 * * * *",
      "Expire travel credit (daily)": "10 3 * * *",
      "Daily money check": "30 4 * * *",
    });
    expect(live.find((f) => f.name === "Sync one provider's bookings")?.triggers).toEqual([
      { event: "sync/provider.requested" },
    ]);
  });

  it("runs the daily completion job: every ended booking completed once, with its event", async () => {
    const [{ due }] = await q<{ due: number }>(sql`select count(*)::int as due from bookings b
      where status in ('confirmed', 'ticketed', 'modified', 'partially_cancelled') and travel_end_at < now()
        and not exists (select 1 from booking_items i where i.booking_id = b.id and i.status in ('pending', 'schedule_changed'))`);
    expect(due).toBeGreaterThan(5);
    const fn = (await listJobFunctions(db)).find((f) => f.cron === "0 2 * * *")!;
    const runId = await runCronNow(db, fn.id);
    const run = await waitFor(
      async () => {
        const r = await getJobRun(db, runId);
        return r && ["completed", "failed"].includes(r.status) ? r : null;
      },
      30_000,
      "completion run",
    );
    expect(run.status).toBe("completed");
    expect(run.output).toEqual({ completed: due });
    expect(run.steps.map((s) => s.name)).toEqual(["now", "complete batch 0"]);
    const [{ events }] = await q<{ events: number }>(
      sql`select count(*)::int as events from outbox where name = 'booking/completed'`,
    );
    expect(events).toBe(due);
  });

  it("publishes outbox rows with inngest.send, each kept once even when sent again", async () => {
    const send = (events: Parameters<typeof inngest.send>[0]) => inngest.send(events);
    while ((await relayOutbox(db, send)).sent > 0);
    // A crash after sending and before marking: the same rows go out again with the same ids.
    await db.execute(
      sql`update outbox set sent_at = null, next_attempt_at = now() where id in (select id from outbox limit 5)`,
    );
    while ((await relayOutbox(db, send)).sent > 0);
    const [r] = await q<{ outbox: number; received: number }>(sql`select
      (select count(*)::int from outbox) as outbox,
      (select count(*)::int from job_events e join outbox o on o.id::text = e.external_id) as received`);
    expect(r.outbox).toBeGreaterThan(5);
    expect(r.received).toBe(r.outbox);
  });

  it("syncs every provider in its own run, fanned out from the 6-hourly function", async () => {
    // Fast sandbox for the test: no latency, no rate limit worth waiting for.
    await db.execute(sql`update sandbox_provider_settings set latency_ms = 0, jitter_ms = 0`);
    await db.execute(sql`update providers set rate_limit_per_second = 1000`);
    const fn = (await listJobFunctions(db)).find((f) => f.cron === "0 */6 * * *")!;
    const runId = await runCronNow(db, fn.id);
    await waitFor(async () => (await getJobRun(db, runId))?.status === "completed", 30_000, "fan-out run");
    const providers = await q<{ code: string }>(sql`select code from providers`);
    const runs = await waitFor(
      async () => {
        const all = (await listJobRuns(db, { limit: 100 })).rows.filter(
          (r) => r.eventName === "sync/provider.requested",
        );
        return all.length === providers.length && all.every((r) => r.status === "completed") ? all : null;
      },
      60_000,
      "one completed sync run per provider",
    );
    expect(runs).toHaveLength(providers.length);
    const [left] = await q<{
      n: number;
    }>(sql`select count(*)::int as n from booking_items i join bookings b on b.id = i.booking_id
      where b.status in ('confirmed', 'ticketed', 'modified', 'partially_cancelled') and b.travel_end_at > now()
        and i.status not in ('cancelled', 'provider_cancelled', 'completed', 'no_show') and (i.last_synced_at is null or i.last_synced_at < now() - interval '1 hour')`);
    expect(left.n).toBe(0);
  });

  it("syncs one provider now from the console: its run starts from the outbox and syncs every active item again", async () => {
    const ops = callerAs(db, sessions.ops()).ops.providers;
    const before = new Date();
    const { eventId } = await ops.syncNow({ providerCode: "stayrooms" });
    await relayOutbox(db, (events) => inngest.send(events));
    const run = await waitFor(
      async () => {
        const [r] = await q<{ status: string; output: unknown }>(
          sql`select status::text, output from job_runs where event->>'id' = ${eventId}`,
        );
        return r?.status === "completed" ? r : null;
      },
      30_000,
      "the requested sync run",
    );
    expect(run.output).toMatchObject({ providerCode: "stayrooms", failed: 0 });
    const [stale] = await q<{
      n: number;
      all: number;
    }>(sql`select count(*) filter (where i.last_synced_at < ${before.toISOString()}::timestamptz)::int as n, count(*)::int as all
      from booking_items i join bookings b on b.id = i.booking_id
      where i.provider_code = 'stayrooms' and b.status in ('confirmed', 'ticketed', 'modified', 'partially_cancelled') and b.travel_end_at > now()
        and i.status not in ('cancelled', 'provider_cancelled', 'completed', 'no_show')`);
    expect(stale.all).toBeGreaterThan(0);
    expect(stale.n).toBe(0);
    await expect(ops.syncNow({ providerCode: "nobody" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("takes a sandbox provider's signed webhook end to end: fast path, outbox, relay, function, booking", async () => {
    const [flight] = await q<{
      id: string;
      provider: string;
      ref: string;
    }>(sql`select i.id, i.provider_code as provider, i.provider_booking_id as ref
      from booking_items i join bookings b on b.id = i.booking_id
      where i.category = 'flight' and i.status in ('confirmed', 'ticketed') and b.status in ('confirmed', 'ticketed') and b.travel_start_at > now() limit 1`);
    const event = await makeSandboxEvent(db, {
      provider: flight.provider,
      providerBookingId: flight.ref,
      kind: "schedule_change",
      deltaMinutes: -420,
    });
    const delivered = await deliverSandboxEvent(db, appUrl, event);
    expect(delivered.status).toBe(200);
    expect((await deliverSandboxEvent(db, appUrl, event)).body).toMatchObject({ duplicate: true }); // the provider's retry
    const send = (events: Parameters<typeof inngest.send>[0]) => inngest.send(events);
    const item = await waitFor(
      async () => {
        await relayOutbox(db, send);
        const [row] = await q<{ status: string; refund_eligible: boolean }>(
          sql`select status, refund_eligible from booking_items where id = ${flight.id}`,
        );
        return row.status === "schedule_changed" ? row : null;
      },
      30_000,
      "the schedule change on the item",
    );
    expect(item.refund_eligible).toBe(true);
    const [w] = await q<{
      n: number;
      processed: number;
    }>(sql`select count(*)::int as n, count(*) filter (where processed)::int as processed
      from provider_webhooks where payload->>'provider_booking_id' = ${flight.ref}`);
    expect(w).toEqual({ n: 1, processed: 1 });
  });
});

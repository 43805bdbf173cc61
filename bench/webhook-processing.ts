// Provider webhook processing end to end through the functions: stored webhooks (as ingest leaves
// them, each with its outbox event) → relay → local Inngest-compatible server → the real
// process-provider-webhook function over HTTP → match, transition, history, outbox.
//   npx tsx bench/webhook-processing.ts [--events 600]
// DATABASE_URL is an admin URL: the bench creates, seeds and drops its own database.
import { createDb } from "@/db/client";
import { seedDemo } from "@/db/seed";
import { startLocalApp } from "@/inngest/local-app";
import { startOutboxRelay } from "@/server/services/events/relay-outbox";
import { storeWebhooks } from "@/server/services/webhooks/store-webhooks";
import { arg, withScratchDb } from "./scratch";

const events = arg("events", 600);

await withScratchDb("whp", async (url) => {
  const db = createDb(url, { max: 30 });
  await seedDemo(db, { bookings: Math.max(events * 4, 500) }); // about a quarter have a confirmed upcoming item
  const items = await db.$sql<
    { provider: string; ref: string }[]
  >`select i.provider_code as provider, i.provider_booking_id as ref
    from booking_items i join bookings b on b.id = i.booking_id
    where i.status = 'confirmed' and b.status in ('confirmed', 'ticketed') and b.travel_start_at > now() limit ${events}`;

  // Only the processing function: the consumers of its events (documents, escalation…) are not what is measured.
  const app = await startLocalApp(db, { only: ["process-provider-webhook"] });
  const { inngest } = app;

  // Ingest's result, prepared before the clock starts: one stored webhook + outbox event each.
  const now = new Date().toISOString();
  await storeWebhooks(
    db,
    items.map((it, k) => ({
      provider: it.provider,
      webhookId: `evt_bench_${k}`,
      type: "booking.modified",
      occurredAt: now,
      rawBody: JSON.stringify({
        id: `evt_bench_${k}`,
        type: "booking.modified",
        occurred_at: now,
        provider_booking_id: it.ref,
        data: {},
      }),
    })),
  );
  const t0 = performance.now();
  const relay = startOutboxRelay(db, (e) => inngest.send(e), { idleMs: 20 });
  for (;;) {
    const [{ done }] = await db.$sql<
      { done: number }[]
    >`select count(*)::int as done from provider_webhooks where processed and webhook_id like 'evt_bench_%'`;
    if (done >= items.length) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const seconds = (performance.now() - t0) / 1000;
  const [{ history }] = await db.$sql<
    { history: number }[]
  >`select count(*)::int as history from booking_status_history where change_reason like '% reports the booking modified'`;
  const outcomes = await db.$sql<
    { outcome: string; n: number }[]
  >`select coalesce(processing_error, action_details->>'skipped', 'applied') as outcome, count(*)::int as n from provider_webhooks where webhook_id like 'evt_bench_%' group by 1`;
  const runs = await db.$sql<
    { status: string; runs: number; attempts: number; events: number }[]
  >`select status::text, count(*)::int as runs,
    sum(attempt)::int as attempts, sum(jsonb_array_length(batch))::int as events from job_runs where function_id like '%process-provider-webhook' group by 1`;
  console.log(
    "function runs:",
    runs.map((r) => `${r.status} ${r.runs} (${r.events} events, ${r.attempts} attempts)`).join(", "),
  );
  console.log(outcomes.map((o) => `${o.outcome}: ${o.n}`).join(", "));
  console.log(
    `${items.length} webhooks processed through the functions in ${seconds.toFixed(1)} s = ${(items.length / seconds).toFixed(0)} events/s (target ≥ 500/s); ${history} item transitions written`,
  );
  await relay.stop();
  await app.close();
  await db.$sql.end();
});

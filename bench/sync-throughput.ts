// Provider sync throughput beside its bound: concurrency ÷ sandbox latency (docs/architecture.md, "Tests").
//   npx tsx bench/sync-throughput.ts [--bookings 3000] [--concurrency 10] [--latency 100]
// DATABASE_URL is an admin URL: the bench creates, seeds and drops its own database.
import { createDb } from "@/db/client";
import { seedDemo } from "@/db/seed";
import { sandboxAdapter } from "@/server/providers/sandbox/adapter";
import { syncProviderAll } from "@/server/services/sync/sync-provider-chunk";
import { arg, withScratchDb } from "./scratch";

const bookings = arg("bookings", 3000),
  concurrency = arg("concurrency", 10),
  latency = arg("latency", 100);

await withScratchDb("sync", async (url) => {
  const db = createDb(url, { max: 40 });
  await seedDemo(db, { bookings, now: new Date(Date.now() - 7 * 86_400_000) }); // a week old: everything is due
  await db.$sql`update sandbox_provider_settings set latency_ms = ${latency}, jitter_ms = 0, error_rate_bps = 0, outage = false`;
  const providers = await db.$sql<{ code: string }[]>`select code from providers order by code`;
  const [{ due, active }] = await db.$sql<
    { due: number; active: number }[]
  >`select count(*)::int as due, count(distinct b.id)::int as active
    from booking_items i join bookings b on b.id = i.booking_id
    where b.status in ('confirmed', 'ticketed', 'modified', 'partially_cancelled') and b.travel_end_at > now()
      and i.status not in ('cancelled', 'provider_cancelled', 'completed', 'no_show')`;

  // As the functions do: every provider at once, each in chunks, `concurrency` calls in flight.
  // Rate limits are lifted so that the bound is the engine's own (their pace is reported below).
  const t0 = performance.now();
  const per = await Promise.all(
    providers.map(async ({ code }) => {
      const adapter = sandboxAdapter(db, { code, rateLimitPerSecond: 100_000 });
      const started = performance.now();
      const r = await syncProviderAll(db, adapter, { dueBefore: new Date(), limit: 500, concurrency });
      return { code, synced: r.synced + r.failed, seconds: (performance.now() - started) / 1000 };
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const total = per.reduce((s, p) => s + p.synced, 0);
  // Each provider runs alone at its bound once the others are done, so compare per provider.
  const perBound = concurrency / (latency / 1000);
  const busy = per.reduce((s, p) => s + p.seconds, 0);
  console.log(
    `active bookings: ${active}, items due: ${due}, providers: ${providers.length}, concurrency ${concurrency} each, sandbox latency ${latency} ms`,
  );
  for (const p of per)
    console.log(
      `  ${p.code.padEnd(16)} ${p.synced} items in ${p.seconds.toFixed(1)} s = ${(p.synced / p.seconds).toFixed(1)}/s (bound ${perBound}/s, ${((100 * p.synced) / p.seconds / perBound).toFixed(0)}%)`,
    );
  const rate = total / seconds;
  const bound = perBound * providers.length;
  console.log(
    `all: ${total} items in ${seconds.toFixed(1)} s = ${rate.toFixed(0)} items/s; bound ${bound}/s → ${((100 * rate) / bound).toFixed(0)}% wall-clock (providers finish at different times)`,
  );
  console.log(
    `per provider while busy: ${(total / busy).toFixed(1)} items/s against ${perBound}/s → ${((100 * total) / busy / perBound).toFixed(0)}% of the bound`,
  );
  const itemsPer100k = (100_000 * due) / Math.max(1, active);
  console.log(
    `100,000 active bookings ≈ ${Math.round(itemsPer100k).toLocaleString("en-US")} items: ${(itemsPer100k / rate / 60).toFixed(1)} min at this rate`,
  );
  await db.$sql.end();
});

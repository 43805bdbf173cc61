// The webhook batch path before and after the lifecycle's set-based writers, alternately in one run
// on one database: each round stores `--events` status webhooks (booking.modified, as most traffic
// is) and processes them in batches of 100 with one implementation, then the other, and so on.
//   NODE_ENV=production npx tsx bench/webhook-batch-ab.ts [--events 1000] [--rounds 6]
// NODE_ENV=production: outside production every outbox payload is also checked against its schema.
import { createDb } from "@/db/client";
import { seedDemo } from "@/db/seed";
import { processProviderWebhooks } from "@/server/services/provider-events/process-webhook-batch";
import { storeWebhooks } from "@/server/services/webhooks/store-webhooks";
import { processProviderWebhooks as legacyProcess } from "./legacy/process-webhook-batch";
import { arg, withScratchDb } from "./scratch";

const events = arg("events", 1000);
const rounds = arg("rounds", 6);
const BATCH = 100;

await withScratchDb("whab", async (url) => {
  const db = createDb(url, { max: 10 });
  await seedDemo(db, { bookings: Math.max(events * 4, 500) });
  const items = await db.$sql<{ provider: string; ref: string }[]>`
    select i.provider_code as provider, i.provider_booking_id as ref
    from booking_items i join bookings b on b.id = i.booking_id
    where i.status in ('confirmed', 'ticketed', 'modified') and b.status in ('confirmed', 'ticketed', 'modified')
      and b.travel_start_at > now() limit ${events}`;
  await db.$sql`vacuum analyze`;

  const impls = { before: legacyProcess, after: processProviderWebhooks };
  const rates: Record<keyof typeof impls, number[]> = { before: [], after: [] };
  for (let round = 0; round < rounds; round++) {
    for (const name of (round % 2 ? ["after", "before"] : ["before", "after"]) as (keyof typeof impls)[]) {
      const at = new Date(Date.now() + round * 60_000).toISOString();
      await storeWebhooks(
        db,
        items.map((it, k) => {
          const id = `evt_ab_${round}_${name}_${k}`;
          const body = { id, type: "booking.modified", occurred_at: at, provider_booking_id: it.ref, data: {} };
          return {
            provider: it.provider,
            webhookId: id,
            type: "booking.modified",
            occurredAt: at,
            rawBody: JSON.stringify(body),
          };
        }),
      );
      const ids = (
        await db.$sql<
          { id: string }[]
        >`select id from provider_webhooks where webhook_id like ${`evt_ab_${round}_${name}_%`}`
      ).map((r) => r.id);
      const t0 = performance.now();
      for (let i = 0; i < ids.length; i += BATCH) await impls[name](db, ids.slice(i, i + BATCH));
      rates[name].push(ids.length / ((performance.now() - t0) / 1000));
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const name of ["before", "after"] as const)
    console.log(
      `${name.padEnd(6)} median ${median(rates[name]).toFixed(0)} events/s  (rounds: ${rates[name].map((r) => r.toFixed(0)).join(", ")})`,
    );
  console.log(`after / before: ${((median(rates.after) / median(rates.before)) * 100).toFixed(0)}%`);
  await db.$sql.end();
});

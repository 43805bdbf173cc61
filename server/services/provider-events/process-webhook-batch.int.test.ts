import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { seedDemo } from "@/db/seed";
import { storeWebhooks } from "@/server/services/webhooks/store-webhooks";
import { createTestDb } from "@/tests/db";
import { processProviderWebhooks } from "./process-webhook-batch";

const db = await createTestDb();
await seedDemo(db, { bookings: 40 });
const q = async <T>(query: ReturnType<typeof sql>) => (await db.execute(query)) as unknown as T[];

it("counts one attempt per event, whether the batch applies it or hands it to the per-event path", async () => {
  const items = await q<{
    provider: string;
    ref: string;
  }>(sql`select i.provider_code as provider, i.provider_booking_id as ref
    from booking_items i join bookings b on b.id = i.booking_id
    where i.status = 'confirmed' and b.status = 'confirmed' and b.travel_start_at > now() order by i.id limit 2`);
  expect(items).toHaveLength(2);
  const at = new Date().toISOString();
  const event = (it: { provider: string; ref: string }, type: string) => {
    const id = `evt_batch_${it.ref}_${type}`;
    return {
      provider: it.provider,
      webhookId: id,
      type,
      occurredAt: at,
      rawBody: JSON.stringify({ id, type, occurred_at: at, provider_booking_id: it.ref, data: { reason: "test" } }),
    };
  };
  // A status event (applied set-based) and a cancellation (the per-event path).
  const stored = await storeWebhooks(db, [event(items[0], "booking.modified"), event(items[1], "booking.cancelled")]);
  expect(
    await processProviderWebhooks(
      db,
      stored.flatMap((s) => (s.duplicate ? [] : [s.id])),
    ),
  ).toEqual({ processed: 2 });
  const rows = await q<{
    type: string;
    attempts: number;
    processed: boolean;
  }>(sql`select event_type as type, attempts, processed
    from provider_webhooks where webhook_id like 'evt_batch_%' order by event_type`);
  expect(rows).toEqual([
    { type: "booking.cancelled", attempts: 1, processed: true },
    { type: "booking.modified", attempts: 1, processed: true },
  ]);
});

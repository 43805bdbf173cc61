// The refund watch functions on the local Inngest-compatible server: a run reconciles a refund
// stuck in `processing` whose webhook was lost, and alerts a missed legal due date once.
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { provideDb } from "@/db/client";
import { seedDemo } from "@/db/seed";
import { getJobRun, listJobFunctions, runCronNow } from "@/server/jobs/console";
import { advanceLocalGateway, injectLocalFault } from "@/server/payments";
import { payOutRefund } from "@/server/services/refunds/pay-out-refund";
import { createTestDb } from "@/tests/db";
import { waitFor } from "@/tests/job-harness";
import { startLocalApp } from "../local-app";

const db = await createTestDb();
provideDb(db);
await seedDemo(db, { bookings: 40 });
const { close } = await startLocalApp(db, { only: ["reconcile-pending-refunds", "refund-deadlines"] });
afterAll(() => close());
const q = async <T>(query: ReturnType<typeof sql>) => (await db.execute(query)) as unknown as T[];

async function owe(ref: string) {
  const [r] = await q<{ id: string }>(sql`
    insert into refunds (booking_id, payment_transaction_id, refund_reference, idempotency_key, amount_minor, currency, status, reason)
    select p.booking_id, p.id, ${ref}, ${`refund:${ref}`}, 1000, p.currency, 'pending', 'test' from payment_transactions p
    where p.kind = 'charge' and p.status = 'succeeded' and p.amount_minor - p.refunded_minor >= 1000
      and not exists (select 1 from refunds r where r.booking_id = p.booking_id)
    order by p.id limit 1 returning id`);
  return r.id;
}
async function runNow(name: string) {
  const fn = (await listJobFunctions(db)).find((f) => f.name === name && !f.removed)!;
  const runId = await runCronNow(db, fn.id);
  const run = await waitFor(
    async () => {
      const r = await getJobRun(db, runId);
      return r && ["completed", "failed"].includes(r.status) ? r : null;
    },
    30_000,
    name,
  );
  expect(run.status).toBe("completed");
  return run.output as Record<string, number>;
}
const status = async (id: string) =>
  (
    await q<{ status: string; deadline_alert: string | null }>(
      sql`select status::text, deadline_alert from refunds where id = ${id}`,
    )
  )[0];

describe("refund watch functions", () => {
  it("reconciles a refund whose webhook was lost, from the gateway's own record", async () => {
    const id = await owe("RF-FN-1");
    await injectLocalFault(db, { operation: "refund", mode: "fail_later" });
    expect(await payOutRefund(db, id)).toMatchObject({ status: "processing" });
    // The gateway settles it (events never delivered); our row has been quiet for an hour.
    await db.execute(sql`update local_gateway_refunds set settle_at = now() - interval '1 minute', settle_to = 'succeeded'
      where metadata->>'refund_id' = ${id}`);
    while ((await advanceLocalGateway(db)) > 0);
    await db.execute(sql`update refunds set updated_at = now() - interval '1 hour' where id = ${id}`);
    expect((await runNow("Reconcile pending refunds with the gateway")).succeeded).toBeGreaterThanOrEqual(1);
    expect(await status(id)).toMatchObject({ status: "succeeded" });
  });

  it("alerts a missed legal due date once, however often it runs", async () => {
    const id = await owe("RF-FN-2");
    await db.execute(sql`update refunds set due_by = now() - interval '1 hour' where id = ${id}`);
    expect((await runNow("Refund legal deadlines")).missed).toBeGreaterThanOrEqual(1);
    await runNow("Refund legal deadlines");
    expect(await status(id)).toMatchObject({ status: "pending", deadline_alert: "missed" });
    const [a] = await q<{
      n: number;
      occurrences: number;
    }>(sql`select count(*)::int as n, max(occurrences) as occurrences
      from alerts where dedupe_key = ${`refund_deadline_missed:${id}`}`);
    expect(a).toEqual({ n: 1, occurrences: 1 });
  });
});

import { opsActor } from "@/server/domain/actor";
import { sql } from "drizzle-orm";
import { afterAll, expect, it } from "vitest";
import { deliverLocalGatewayEvents, injectLocalFault, paymentGateway } from "@/server/payments";
import { waitFor } from "@/tests/job-harness";
import { confirmCancellation } from "@/server/services/cancellations/confirm-cancellation";
import { requestCancellation } from "@/server/services/cancellations/request-cancellation";
import { processPaymentEvent } from "@/server/services/payment-events/process-payment-event";
import { storePaymentEvent } from "@/server/services/payment-events/store-payment-event";
import { dueRefunds } from "@/server/services/refunds/due-refunds";
import { createTestDb } from "@/tests/db";
import { startFaultApp } from "./local-app";
import { cancellable, gatewayRefundsOf, refundsOf, rowsOf, seedQuietDemo } from "./fixtures";

// Fault: the gateway makes the refund, then the answer is lost (a timeout). Our side cannot know
// whether money moved; the retry with the same idempotency key must settle it, never refund twice.
const db = await createTestDb();
await seedQuietDemo(db);
const app = await startFaultApp(db);
afterAll(() => app.close());
const support = { actor: opsActor("founder@example.com") };

it("a refund whose answer timed out after it was made is reconciled through its idempotency key: one gateway refund, ours succeeded", async () => {
  const [b] = await cancellable(db, 1);
  await injectLocalFault(db, { operation: "refund", mode: "timeout_after_success" });
  const quote = await requestCancellation(db, support, { bookingId: b.id, reason: "Timeout test", waiveFees: true });
  await confirmCancellation(db, support, { cancellationId: quote.id });

  // pay-out-refund called the gateway: the refund exists there, our row does not know it yet.
  const [unclear] = await waitFor(
    async () => {
      const r = await refundsOf(db, b.id);
      return r.length && r[0].status === "processing" && (await gatewayRefundsOf(db, b.id)).length === 1 ? r : null;
    },
    30_000,
    "the gateway to make the refund and the answer to be lost",
  );
  expect(unclear.gatewayId).toBeNull();
  // The function waits out its Retry-After (a minute) before asking again.
  await waitFor(
    async () =>
      (
        await rowsOf<{ n: number }>(
          db,
          sql`select count(*)::int as n from job_runs r
    where r.function_id like '%pay-out-refund' and r.event->'data'->>'refundId' = ${unclear.id}
      and r.status in ('queued', 'running') and r.next_run_at > now() + interval '30 seconds'`,
        )
      )[0].n === 1,
    30_000,
    "the payout to wait for its retry",
  );
  const [lost] = await rowsOf<{ reason: string; retryIn: number }>(
    db,
    sql`
    select failure_reason as reason, extract(epoch from next_retry_at - now())::int as "retryIn" from refunds where id = ${unclear.id}`,
  );
  expect(lost.reason).toMatch(/^Retrying: /);
  expect(lost.retryIn).toBeGreaterThan(0); // asked again in about a minute, with the same key

  // A minute passes, for the job server and for the refund's own retry time.
  await db.execute(sql`update refunds set next_retry_at = now() - interval '1 second' where id = ${unclear.id}`);
  expect(await dueRefunds(db, new Date())).toContain(unclear.id); // the hourly job would pick it up too
  app.advance(61_000);
  const [done] = await waitFor(
    async () => {
      const r = await refundsOf(db, b.id);
      return r[0]?.status === "succeeded" ? r : null;
    },
    30_000,
    "the retry with the same key to settle the refund",
  );

  // The payout function asked again itself: its step ran twice, the second time with the same key.
  const step = await waitFor(
    async () =>
      (
        await rowsOf<{ attempts: number; status: string }>(
          db,
          sql`select s.attempts, s.status from job_steps s
    join job_runs r on r.id = s.run_id where r.function_id like '%pay-out-refund' and r.event->'data'->>'refundId' = ${done.id}
      and s.name = 'pay out' and s.status = 'completed'`,
        )
      )[0],
    10_000,
    "the payout step to be recorded",
  );
  expect(step.attempts).toBe(2);
  const gateway = await gatewayRefundsOf(db, b.id);
  expect(gateway).toEqual([
    expect.objectContaining({ amount: quote.refundCalculation!.refundMinor, status: "succeeded", refundId: done.id }),
  ]);
  expect(done).toMatchObject({ amount: quote.refundCalculation!.refundMinor, gatewayId: gateway[0].id, retries: 0 });
  const [keys] = await rowsOf<{ n: number }>(
    db,
    sql`select count(*)::int as n from local_gateway_idempotency where operation = 'refund' and key like ${`refund:cancellation:${quote.id}:%`}`,
  );
  expect(keys.n).toBe(1); // the retry used the first call's key

  // The gateway's own events, delivered through the signed webhook path afterwards, change nothing.
  const gw = paymentGateway(db);
  const delivered = await deliverLocalGatewayEvents(db, async (body, signature) => {
    const id = await storePaymentEvent(db, await gw.parseWebhook(body, signature));
    if (id) await processPaymentEvent(db, id);
    return 200;
  });
  expect(delivered.delivered).toBeGreaterThan(0);
  expect(await gatewayRefundsOf(db, b.id)).toHaveLength(1);
  const [booking] = await rowsOf<{ refunded: number; status: string; confirmations: number }>(
    db,
    sql`select refunded_minor::int as refunded, status::text,
    (select count(*)::int from booking_communications c where c.booking_id = b.id and c.type = 'refund_confirmation') as confirmations from bookings b where id = ${b.id}`,
  );
  expect(booking).toEqual({ refunded: quote.refundCalculation!.refundMinor, status: "refunded", confirmations: 1 });
});

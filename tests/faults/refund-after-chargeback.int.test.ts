import { opsActor } from "@/server/domain/actor";
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { closeLocalDispute, injectLocalFault } from "@/server/payments";
import { dueRefunds } from "@/server/services/refunds/due-refunds";
import { payOutRefund } from "@/server/services/refunds/pay-out-refund";
import { retryRefundNow } from "@/server/services/refunds/retry-refund";
import { createTestDb } from "@/tests/db";
import { checkInvariants } from "@/tests/simulation/invariants";
import { Rng, World } from "@/tests/simulation/world";
import { rowsOf, seedQuietDemo } from "./fixtures";

// Found by the simulation (SIM_SEED=1, step 916): a refund failed at the gateway (so it holds no
// money on its payment), then the traveler's bank took the whole charge back (a lost dispute).
// Retrying the refund would refund more than was paid: the database refuses, and the refunds job
// used to crash on it every hour. Now it fails for good, once, with a human asked.
const db = await createTestDb();
await seedQuietDemo(db, 80);

it("a failed refund whose money went back through a lost chargeback is escalated, not retried past what was paid", async () => {
  const [p] = await rowsOf<{ id: string; booking: string; currency: string; left: number }>(
    db,
    sql`
    select p.id, p.booking_id as booking, p.currency, (p.amount_minor - p.refunded_minor)::int as left from payment_transactions p join bookings b on b.id = p.booking_id
    where p.kind = 'charge' and p.status = 'succeeded' and p.gateway = 'local' and p.refunded_minor = 0 and b.status in ('confirmed', 'ticketed', 'modified')
      and not exists (select 1 from refunds r where r.booking_id = p.booking_id) order by p.id limit 1`,
  );
  const [r] = await rowsOf<{ id: string }>(
    db,
    sql`insert into refunds (booking_id, payment_transaction_id, refund_reference, idempotency_key, amount_minor, currency, status, reason)
    values (${p.booking}, ${p.id}, 'RF-CB-TEST', 'refund:cb-test', ${p.left}, ${p.currency}, 'pending', 'test') returning id`,
  );
  await injectLocalFault(db, { operation: "refund", mode: "decline", declineCode: "expired_card" });
  expect(await payOutRefund(db, r.id)).toMatchObject({ status: "failed", escalated: false });

  // The cardholder disputes the charge and loses us the dispute: the chargeback takes all of it.
  const world = new World(db, new Rng(1), { finalAttempt: 1, bounce: 0, failFirstRefund: 0, batch: 100 });
  await world.dispute(p.booking);
  const [d] = await rowsOf<{ id: string }>(
    db,
    sql`select id from local_gateway_disputes order by created_at desc limit 1`,
  );
  await closeLocalDispute(db, d.id, "lost");
  await world.gatewayEvents();
  const [after] = await rowsOf<{ refunded: number }>(
    db,
    sql`select refunded_minor::int as refunded from payment_transactions where id = ${p.id}`,
  );
  expect(after.refunded).toBe(p.left);

  await db.execute(sql`update refunds set next_retry_at = now() - interval '1 second' where id = ${r.id}`);
  expect(await payOutRefund(db, r.id)).toMatchObject({
    status: "failed",
    escalated: true,
    reason: expect.stringMatching(/^Nothing left to refund/),
  });
  expect(await dueRefunds(db, new Date())).not.toContain(r.id); // not asked again every hour
  const [human] = await rowsOf<{ alerts: number; followUps: number; gateway: number }>(
    db,
    sql`select
    (select count(*)::int from alerts where dedupe_key = ${`refund_failed:${r.id}`} and status <> 'resolved') as alerts,
    (select count(*)::int from manual_follow_ups where dedupe_key = ${`refund_failed:${r.id}`} and not resolved) as "followUps",
    (select count(*)::int from local_gateway_refunds where metadata->>'refund_id' = ${r.id} and status <> 'failed') as gateway`,
  );
  expect(human).toEqual({ alerts: 1, followUps: 1, gateway: 0 });
  await expect(retryRefundNow(db, { refundId: r.id, actor: opsActor("founder@example.com") })).rejects.toMatchObject({
    code: "conflict",
  });
  expect(await checkInvariants(db)).toEqual([]);
});

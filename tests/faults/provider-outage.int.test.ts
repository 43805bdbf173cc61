import { opsActor } from "@/server/domain/actor";
import { sql } from "drizzle-orm";
import { afterAll, expect, it } from "vitest";
import { settleableRefund } from "@/server/domain/money";
import { providerAdapter } from "@/server/providers";
import { waitFor } from "@/tests/job-harness";
import { confirmCancellation } from "@/server/services/cancellations/confirm-cancellation";
import { retryCancellation } from "@/server/services/cancellations/process-cancellation";
import { requestCancellation } from "@/server/services/cancellations/request-cancellation";
import { createTestDb } from "@/tests/db";
import { startFaultApp } from "./local-app";
import {
  cancellable,
  cancellationStatus,
  cancelTransitions,
  gatewayRefundsOf,
  refundsOf,
  rowsOf,
  seedQuietDemo,
} from "./fixtures";

// Fault: one provider goes down in the middle of a multi-item cancellation. Through the real
// functions on the local job server (process-cancellation, pay-out-refund) and the local gateway.
const db = await createTestDb();
await seedQuietDemo(db);
const app = await startFaultApp(db);
afterAll(() => app.close());
const support = { actor: opsActor("founder@example.com") };

it("ends partial with a refund for the cancelled items only, a follow-up and an alert; once the provider is back a retry completes it and the total refunded is the quote", async () => {
  const [b] = await cancellable(db, 2);
  const quote = await requestCancellation(db, support, { bookingId: b.id, reason: "Plans changed" });
  // The providers are called in this order: the last one is down, so the outage hits mid-way.
  const order = [...new Set(quote.providerCancellations.map((p) => p.provider))];
  const down = order.at(-1)!;
  await db.execute(sql`update sandbox_provider_settings set outage = true where provider_code = ${down}`);
  await confirmCancellation(db, support, { cancellationId: quote.id });

  const lines = quote.refundCalculation!.items;
  const downItems = quote.providerCancellations.filter((p) => p.provider === down).map((p) => p.itemId);
  const upLines = lines.filter((l) => !downItems.includes(l.itemId));
  const quotedUp = upLines.reduce((s, l) => s + l.refundMinor, 0);
  const expectedFirst = quotedUp > 0 ? settleableRefund(quotedUp, b.currency, b.paid) : 0;

  await waitFor(
    async () => {
      const r = await refundsOf(db, b.id);
      return (
        (await cancellationStatus(db, quote.id)) === "partial" && (expectedFirst === 0 || r[0]?.status === "succeeded")
      );
    },
    30_000,
    "the cancellation to end partial with its refund paid",
  );

  // The provider that was down was tried on every attempt of its step before giving up.
  const [step] = await rowsOf<{ attempts: number; status: string }>(
    db,
    sql`
    select s.attempts, s.status from job_steps s join job_runs r on r.id = s.run_id
    where s.name = ${`cancel at ${down}`} and r.event->'data'->>'cancellationId' = ${quote.id}`,
  );
  expect(step).toMatchObject({ attempts: 4, status: "completed" });
  const items = await rowsOf<{ id: string; status: string }>(
    db,
    sql`select id, status::text from booking_items where booking_id = ${b.id}`,
  );
  for (const i of items) {
    if (downItems.includes(i.id)) expect(i.status).not.toBe("cancelled");
    else expect(i.status).toBe("cancelled");
  }
  // Money only for what was cancelled, paid once.
  expect((await refundsOf(db, b.id)).map((r) => r.amount)).toEqual(expectedFirst > 0 ? [expectedFirst] : []);
  expect((await gatewayRefundsOf(db, b.id)).map((g) => g.amount)).toEqual(expectedFirst > 0 ? [expectedFirst] : []);
  const [human] = await rowsOf<{ alerts: number; followUps: number; booking: string }>(
    db,
    sql`select
    (select count(*)::int from alerts where dedupe_key = ${`cancellation_partial:${quote.id}`} and status <> 'resolved') as alerts,
    (select count(*)::int from manual_follow_ups where dedupe_key = ${`cancellation_partial:${quote.id}`} and not resolved) as "followUps",
    (select status::text from bookings where id = ${b.id}) as booking`,
  );
  expect(human).toEqual({ alerts: 1, followUps: 1, booking: "partially_cancelled" });

  // The provider comes back; support retries once its adapter answers again.
  await db.execute(sql`update sandbox_provider_settings set outage = false where provider_code = ${down}`);
  const adapter = await providerAdapter(db, down);
  const ref = (
    await rowsOf<{ ref: string }>(
      db,
      sql`select provider_booking_id as ref from booking_items where id = ${downItems[0]}`,
    )
  )[0].ref;
  await waitFor(
    () =>
      adapter.getBooking(ref).then(
        () => true,
        () => false,
      ),
    10_000,
    `${down} to answer again`,
  );
  await retryCancellation(db, { cancellationId: quote.id, actor: support.actor });
  await waitFor(
    async () => {
      const r = await refundsOf(db, b.id);
      return (
        (await cancellationStatus(db, quote.id)) === "completed" &&
        r.length > 0 &&
        r.every((x) => x.status === "succeeded")
      );
    },
    30_000,
    "the retried cancellation to complete with its refunds paid",
  );

  const refunds = await refundsOf(db, b.id);
  const total = refunds.reduce((s, r) => s + r.amount, 0);
  // Each part is rounded to what the network settles; for two-decimal currencies that is the quote exactly.
  expect(total).toBeGreaterThanOrEqual(quote.refundCalculation!.refundMinor);
  expect(total - quote.refundCalculation!.refundMinor).toBeLessThan(2 * 10);
  if (!["KWD", "BHD", "JOD", "OMR", "TND"].includes(b.currency))
    expect(total).toBe(quote.refundCalculation!.refundMinor);
  expect(
    (await gatewayRefundsOf(db, b.id)).filter((g) => g.status === "succeeded").reduce((s, g) => s + g.amount, 0),
  ).toBe(total);
  expect((await cancelTransitions(db, b.id)).every((t) => t.n === 1)).toBe(true);
  const [after] = await rowsOf<{ booking: string; refunded: number }>(
    db,
    sql`select status::text as booking, refunded_minor::int as refunded from bookings where id = ${b.id}`,
  );
  expect(after.refunded).toBe(total);
  expect(after.booking).toBe(total === b.paid ? "refunded" : "cancelled");
});

import { opsActor } from "@/server/domain/actor";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { seedDemo } from "@/db/seed";
import { startLocalApp } from "@/inngest/local-app";
import { waitFor } from "@/tests/job-harness";
import { startOutboxRelay } from "@/server/services/events/relay-outbox";
import { callerAs, sessions } from "@/tests/sessions";
import { createTestDb } from "@/tests/db";
import { cancellable } from "@/tests/faults/fixtures";
import { confirmCancellation } from "./confirm-cancellation";
import { requestCancellation } from "./request-cancellation";

// The cancellation flow end to end: quote → confirm → one step per provider → refund → paid by
// the local gateway, through the real functions on the local job server.
const db = await createTestDb();
const q = async <T>(query: ReturnType<typeof sql>) => (await db.execute(query)) as unknown as T[];
await seedDemo(db, { bookings: 120 });
await db.execute(
  sql`update sandbox_provider_settings set latency_ms = 0, jitter_ms = 0, error_rate_bps = 0, events_per_hour = 0`,
);
// The flow's own functions only: document generation, escalation and automation react to the same
// events (each tested on its own) and would share the two cores with the runs under test.
const app = await startLocalApp(db, { pollMs: 10, only: ["process-cancellation", "pay-out-refund"] });
const relay = startOutboxRelay(db, (e) => app.inngest.send(e), { idleMs: 20 });
afterAll(async () => {
  await relay.stop();
  await app.close();
});

const candidates = (providers: number) => cancellable(db, providers);
const gatewayRefunds = (bookingId: string) =>
  q<{ amount: number }>(sql`
  select g.amount_minor::int as amount from local_gateway_refunds g
  join local_gateway_payment_intents pi on pi.id = g.payment_intent_id
  join payment_transactions p on p.stripe_payment_intent_id = pi.id or p.stripe_charge_id = pi.charge_id
  where p.booking_id = ${bookingId}`);
const refundsOf = (bookingId: string) =>
  q<{ id: string; status: string; amount: number }>(sql`
  select id, status::text, amount_minor::int as amount from refunds where booking_id = ${bookingId} order by created_at`);

describe("cancellation flow", () => {
  it("quotes, then 50 concurrent confirmations make one run, one refund and one gateway call", async () => {
    const [b] = await candidates(1);
    const quote = await requestCancellation(
      db,
      { actor: opsActor("founder@example.com") },
      { bookingId: b.id, reason: "Plans changed" },
    );
    expect(quote.status).toBe("awaiting_confirmation");
    const lines = quote.refundCalculation!.items;
    expect(lines).toHaveLength(b.items);
    expect(lines.every((l) => l.feeMinor + l.refundMinor === l.paidMinor)).toBe(true);

    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        confirmCancellation(db, { actor: opsActor("founder@example.com") }, { cancellationId: quote.id }),
      ),
    );
    expect(answers.filter((a) => !a.alreadyConfirmed)).toHaveLength(1);
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set(["processing"]));

    const refunds = await waitFor(
      async () => {
        const r = await refundsOf(b.id);
        return r.length && r[0].status === "succeeded" ? r : null;
      },
      30_000,
      "the refund to succeed",
    );
    expect(refunds).toEqual([expect.objectContaining({ amount: quote.refundCalculation!.refundMinor })]);
    expect(await gatewayRefunds(b.id)).toEqual([{ amount: quote.refundCalculation!.refundMinor }]);
    // What the providers returned to us is tracked beside it, in their currency, with the rate when it differs.
    const [fx] = await q<{
      provider_amount: number | null;
      provider_currency: string | null;
      fx_rate: string | null;
      source: string | null;
      currency: string;
    }>(sql`
      select provider_amount_minor::int as provider_amount, provider_currency, fx_rate, fx_rate_source as source, currency from refunds where booking_id = ${b.id}`);
    const prices = await q<{ price: number; currency: string }>(
      sql`select price_minor::int as price, price_currency as currency from booking_items where booking_id = ${b.id}`,
    );
    if (new Set(prices.map((p) => p.currency)).size === 1) {
      expect(fx).toMatchObject({
        provider_amount: prices.reduce((s, p) => s + p.price, 0),
        provider_currency: prices[0].currency,
      });
      if (prices[0].currency !== fx.currency) expect(fx.fx_rate).toMatch(/^\d+\.\d{10}$/);
      else expect(fx.fx_rate).toBeNull();
    }
    const [after] = await q<{
      booking: string;
      items: string[];
      cancellation: string;
      events: number;
      notices: number;
    }>(sql`select
      (select status::text from bookings where id = ${b.id}) as booking,
      (select array_agg(distinct status::text) from booking_items where booking_id = ${b.id}) as items,
      (select status::text from cancellation_requests where id = ${quote.id}) as cancellation,
      (select count(*)::int from outbox where name = 'cancellation/confirmed' and data->>'cancellationId' = ${quote.id}) as events,
      (select count(*)::int from booking_communications where booking_id = ${b.id} and type in ('cancellation_notice', 'refund_confirmation')) as notices`);
    expect(after).toMatchObject({ items: ["cancelled"], cancellation: "completed", events: 1, notices: 2 });
    // Everything paid came back only when no fee applied.
    expect(after.booking).toBe(quote.refundCalculation!.refundMinor === b.paid ? "refunded" : "cancelled");
  });

  it("a provider that refuses leaves the cancellation partial: follow-up, alert, refund only for what was cancelled; a retry finishes it", async () => {
    const [b] = await candidates(2);
    const providers = await q<{ code: string }>(
      sql`select distinct provider_code as code from booking_items where booking_id = ${b.id} order by 1`,
    );
    const refusing = providers[0].code;
    await db.execute(
      sql`update sandbox_provider_settings set reject_cancellations = true where provider_code = ${refusing}`,
    );
    const quote = await requestCancellation(
      db,
      { actor: opsActor("founder@example.com") },
      { bookingId: b.id, reason: "Partial test" },
    );
    await confirmCancellation(db, { actor: opsActor("founder@example.com") }, { cancellationId: quote.id });
    const refusedLines = await q<{ id: string }>(
      sql`select id from booking_items where booking_id = ${b.id} and provider_code = ${refusing}`,
    );
    const lines = quote.refundCalculation!.items;
    const expected = lines
      .filter((l) => !refusedLines.some((r) => r.id === l.itemId))
      .reduce((s, l) => s + l.refundMinor, 0);
    const partial = await waitFor(
      async () => {
        const [c] = await q<{ status: string }>(
          sql`select status::text from cancellation_requests where id = ${quote.id}`,
        );
        const r = await refundsOf(b.id);
        return c.status === "partial" && (expected === 0 || r[0]?.status === "succeeded") ? r : null;
      },
      30_000,
      "a partial cancellation with its refund paid",
    );
    // Nothing for the item its provider did not cancel (and no refund row when what was cancelled was non-refundable).
    expect(partial.map((r) => r.amount)).toEqual(expected > 0 ? [expected] : []);
    const [esc] = await q<{ alerts: number; followUps: number; live: number; booking: string }>(sql`select
      (select count(*)::int from alerts where dedupe_key = ${`cancellation_partial:${quote.id}`}) as alerts,
      (select count(*)::int from manual_follow_ups where dedupe_key = ${`cancellation_partial:${quote.id}`} and not resolved) as "followUps",
      (select count(*)::int from booking_items where booking_id = ${b.id} and status <> 'cancelled') as live,
      (select status::text from bookings where id = ${b.id}) as booking`);
    expect(esc).toEqual({ alerts: 1, followUps: 1, live: refusedLines.length, booking: "partially_cancelled" });

    await db.execute(
      sql`update sandbox_provider_settings set reject_cancellations = false where provider_code = ${refusing}`,
    );
    await new Promise((r) => setTimeout(r, 1_100)); // adapters cache their fault settings for a second
    await callerAs(db, sessions.ops()).ops.money.retryCancellation({ cancellationId: quote.id });
    const rest = quote.refundCalculation!.refundMinor - expected;
    await waitFor(
      async () => {
        const [c] = await q<{ status: string }>(
          sql`select status::text from cancellation_requests where id = ${quote.id}`,
        );
        const r = await refundsOf(b.id);
        return c.status === "completed" && r.every((x) => x.status === "succeeded") ? r : null;
      },
      30_000,
      "the cancellation to complete",
    );
    const all = await refundsOf(b.id);
    expect(all.map((r) => r.amount)).toEqual([expected, rest].filter((x) => x > 0));
    expect((await gatewayRefunds(b.id)).reduce((s, r) => s + r.amount, 0)).toBe(quote.refundCalculation!.refundMinor);
    // What was escalated is closed by the system with a note, not left for the founder to find done.
    const [closed] = await q<{ alert: string; followUp: string; note: string; by: string }>(sql`select
      (select status::text from alerts where dedupe_key = ${`cancellation_partial:${quote.id}`}) as alert,
      (select resolved_by from manual_follow_ups where dedupe_key = ${`cancellation_partial:${quote.id}`}) as "followUp",
      (select resolution from manual_follow_ups where dedupe_key = ${`cancellation_partial:${quote.id}`}) as note,
      (select resolved_by from alerts where dedupe_key = ${`cancellation_partial:${quote.id}`}) as by`);
    expect(closed).toEqual({
      alert: "resolved",
      followUp: "system",
      note: expect.stringContaining("later retry"),
      by: "system",
    });
  });

  it("refuses what it must, with 4xx errors that say why", async () => {
    const [b] = await candidates(1);
    const other = (await candidates(1)).find((x) => x.id !== b.id)!;
    const traveler = callerAs(db, sessions.guest(b.id));
    await expect(traveler.portal.cancellations.quote({ reference: other.reference })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      traveler.portal.cancellations.quote({
        reference: b.reference,
        itemIds: ["00000000-0000-4000-8000-000000000000"],
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(traveler.portal.cancellations.quote({ reference: "no" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const quote = await traveler.portal.cancellations.quote({ reference: b.reference });
    await db.execute(
      sql`update cancellation_requests set quote_expires_at = now() - interval '1 second' where id = ${quote.id}`,
    );
    await expect(traveler.portal.cancellations.confirm({ cancellationId: quote.id })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
    });
    const [c] = await q<{ status: string }>(sql`select status::text from cancellation_requests where id = ${quote.id}`);
    expect(c.status).toBe("expired");
    // A fresh quote replaces an unconfirmed one; a guest cannot waive fees.
    const again = await traveler.portal.cancellations.quote({ reference: b.reference });
    expect(again.id).not.toBe(quote.id);
    await expect(
      requestCancellation(db, { viewer: { kind: "guest", bookingId: b.id } }, { bookingId: b.id, waiveFees: true }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });
});

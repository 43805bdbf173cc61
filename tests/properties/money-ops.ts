// The operations of the money-integrity property, run through the product's own services (the
// same ones the console, the Stripe webhook and the job functions call), and the settling that
// follows a sequence: the local gateway's pending refunds decided, pending refunds reconciled,
// due retries paid out. Time passing is the only thing simulated: a retry's wait is moved into
// the past instead of sleeping.
import fc from "fast-check";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { opsActor } from "@/server/domain/actor";
import { DomainError } from "@/server/domain/errors";
import { closeLocalDispute, createLocalDispute } from "@/server/payments/local-gateway";
import { advanceLocalGateway } from "@/server/payments/local-events";
import { clearLocalFaults, injectLocalFault, type LocalFaultMode } from "@/server/payments/local-faults";
import { confirmCancellation } from "@/server/services/cancellations/confirm-cancellation";
import {
  cancelAtProvider,
  cancellationPlan,
  settleCancellation,
} from "@/server/services/cancellations/process-cancellation";
import { type CancellationScope, requestCancellation } from "@/server/services/cancellations/request-cancellation";
import { CreditRefused } from "@/server/services/credits/credit-refused";
import { handleDisputeEvent } from "@/server/services/disputes/handle-dispute-event";
import { handleRefundEvent } from "@/server/services/refunds/handle-refund-event";
import { issueManualRefund } from "@/server/services/refunds/issue-manual-refund";
import { payOutRefund } from "@/server/services/refunds/pay-out-refund";
import { reconcilePendingRefunds } from "@/server/services/refunds/reconcile-pending-refunds";
import { gatewayEventsOf } from "@/tests/fixtures/disputes";
import type { PropBooking } from "./money-fixture";

export type Op =
  | { k: "manual"; b: number; pct: number; override: boolean; twice: boolean }
  | { k: "cancel"; b: number; feeTier: boolean; waive: boolean; asCredit: boolean; twice: boolean }
  | { k: "payout"; fault: LocalFaultMode | null; twice: boolean }
  | { k: "dispute"; b: number; dup: boolean }
  | { k: "close"; b: number; outcome: "won" | "lost"; dup: boolean }
  | { k: "webhooks"; dup: boolean }
  | { k: "advance" };

const b = fc.nat({ max: 1 });
const fault = fc.constantFrom<LocalFaultMode | null>(
  null,
  null,
  "decline",
  "timeout_after_success",
  "unavailable",
  "fail_later",
);
/** Weighted towards what moves money; a close or webhook with nothing to act on is a no-op. */
export const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      k: fc.constant("manual" as const),
      b,
      pct: fc.integer({ min: 1, max: 70 }),
      override: fc.boolean(),
      twice: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      k: fc.constant("cancel" as const),
      b,
      feeTier: fc.boolean(),
      waive: fc.boolean(),
      asCredit: fc.boolean(),
      twice: fc.boolean(),
    }),
  },
  { weight: 4, arbitrary: fc.record({ k: fc.constant("payout" as const), fault, twice: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant("dispute" as const), b, dup: fc.boolean() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      k: fc.constant("close" as const),
      b,
      outcome: fc.constantFrom("won" as const, "lost" as const),
      dup: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("webhooks" as const), dup: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ k: "advance" as const }) },
);

const founder = opsActor("founder@example.com");
/** 10 May 2031: inside testPolicy's 50% fee tier, three weeks before the stay. */
const FEE_TIER = new Date("2031-05-10T12:00:00Z");
const future = () => new Date(Date.now() + 7 * 86_400_000);

export type World = {
  bookings: PropBooking[];
  totals: number[];
  disputes: Map<number, { id: string; closed: boolean }>;
  eventSeq: number;
  /** What the product refused with a typed error (expected), and what it threw otherwise (a bug). */
  refused: string[];
  crashed: string[];
};

/** Once, or twice at the same time; of two failures the one that is not a typed refusal wins. */
const both = async (twice: boolean, f: () => Promise<unknown>) => {
  const failed = (await Promise.allSettled(twice ? [f(), f()] : [f()])).flatMap((r) =>
    r.status === "rejected" ? [r.reason as unknown] : [],
  );
  const worst = failed.find((e) => !(e instanceof DomainError || e instanceof CreditRefused)) ?? failed[0];
  if (worst) throw worst;
};

export async function runOp(db: Db, w: World, op: Op): Promise<void> {
  try {
    await apply(db, w, op);
  } catch (e) {
    const what = `${op.k}: ${e instanceof Error ? e.message : String(e)}`;
    if (e instanceof DomainError || e instanceof CreditRefused) w.refused.push(what);
    else w.crashed.push(`${what}\n${e instanceof Error ? e.stack : ""}`);
  }
}

async function apply(db: Db, w: World, op: Op) {
  switch (op.k) {
    case "manual": {
      const amountMinor = Math.max(1, Math.floor((w.totals[op.b] * op.pct) / 100));
      const override = op.override ? { reason: "Ops accepts the dispute risk" } : undefined;
      const bookingId = w.bookings[op.b].bookingId;
      return both(op.twice, () =>
        issueManualRefund(db, {
          bookingId,
          amountMinor,
          currency: "EUR",
          reason: "Goodwill",
          actor: founder,
          override,
        }),
      );
    }
    case "cancel": {
      const now = op.feeTier ? FEE_TIER : undefined;
      const booking = w.bookings[op.b];
      // The signed-in owner may take travel credit instead of the card refund; support waives fees.
      const scope: CancellationScope = op.asCredit
        ? { viewer: { kind: "traveler", userId: booking.userId, email: "owner@example.com" } }
        : { actor: founder };
      const q = await requestCancellation(db, scope, {
        bookingId: booking.bookingId,
        reason: "Plans changed",
        waiveFees: op.waive && !op.asCredit,
        now,
      });
      const refundAs = op.asCredit ? ("credit" as const) : undefined;
      await both(op.twice, () => confirmCancellation(db, scope, { cancellationId: q.id, now, refundAs }));
      for (const p of await cancellationPlan(db, q.id))
        await cancelAtProvider(db, {
          cancellationId: q.id,
          provider: p.provider,
          itemIds: p.itemIds,
          finalAttempt: true,
        });
      await settleCancellation(db, q.id, now);
      return;
    }
    case "payout": {
      const ids = await db.execute<{ id: string }>(
        sql`select id from refunds where status in ('pending', 'failed') order by created_at, id`,
      );
      if (op.fault) await injectLocalFault(db, { operation: "refund", mode: op.fault, times: 1 });
      for (const { id } of ids) await both(op.twice, () => payOutRefund(db, id));
      await clearLocalFaults(db);
      return;
    }
    case "dispute": {
      if (w.disputes.has(op.b)) return;
      const pi = w.bookings[op.b].card.paymentIntentId;
      // A network disputes what is still on the card: the charge less what the gateway returned.
      const [left] = await db.execute<{ n: number }>(
        sql`select (amount_received_minor - refunded_minor)::int as n from local_gateway_payment_intents where id = ${pi}`,
      );
      if (!left || left.n <= 0) return;
      const gd = await createLocalDispute(db, { paymentIntentId: pi, amountMinor: left.n });
      w.disputes.set(op.b, { id: gd.id, closed: false });
      const [created] = await gatewayEventsOf(db, gd.id);
      return both(op.dup, () => handleDisputeEvent(db, created));
    }
    case "close": {
      // The named booking's open dispute, else any open one: sequences are short.
      const d = [w.disputes.get(op.b), ...w.disputes.values()].find((x) => x && !x.closed);
      if (!d) return;
      d.closed = true;
      await closeLocalDispute(db, d.id, op.outcome);
      const closed = (await gatewayEventsOf(db, d.id)).at(-1)!;
      return both(op.dup, () => handleDisputeEvent(db, closed));
    }
    case "webhooks": {
      // The refund webhooks the gateway sent since the last delivery, possibly twice at once.
      const events = await db.execute<{ seq: number; payload: unknown }>(sql`
        select seq::int as seq, payload from local_gateway_events
        where seq > ${w.eventSeq} and type like 'refund.%' order by seq`);
      for (const e of events) {
        w.eventSeq = Math.max(w.eventSeq, e.seq);
        await both(op.dup, () => handleRefundEvent(db, e.payload as Parameters<typeof handleRefundEvent>[1]));
      }
      return;
    }
    case "advance":
      await advanceLocalGateway(db, future());
      return;
  }
}

/** Settles what is pending: the gateway decides its pending refunds, we reconcile them, due retries are paid. */
export async function settle(db: Db): Promise<void> {
  await clearLocalFaults(db);
  for (let round = 0; round < 6; round++) {
    await advanceLocalGateway(db, future());
    await reconcilePendingRefunds(db, { now: future() });
    // The retry waits (a decline's backoff, an unclear answer's minute, a claim's lease) have passed.
    await db.execute(sql`update refunds set next_retry_at = now() - interval '1 second'
      where next_retry_at is not null and (status = 'failed' or (status = 'processing' and stripe_refund_id is null))`);
    const due = await db.execute<{ id: string }>(sql`
      select r.id from refunds r join payment_transactions p on p.id = r.payment_transaction_id
      where r.status = 'pending' or (r.status = 'failed' and r.retry_count < 3 and p.refunded_minor + r.amount_minor <= p.amount_minor)
         or (r.status = 'processing' and r.stripe_refund_id is null)
      order by r.created_at, r.id`);
    if (due.length === 0) return;
    for (const { id } of due) await payOutRefund(db, id);
  }
}

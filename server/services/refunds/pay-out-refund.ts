import { systemActor } from "@/server/domain/actor";
import { eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { camelRow, sqlList, type CamelRow } from "@/db/raw-sql";
import { bookings, cancellationRequests, paymentTransactions, refunds } from "@/db/schema";
import { expectedArrival } from "@/server/domain/refund-deadlines";
import { openDisputeStatuses } from "@/server/domain/statuses";
import { isGatewayTender } from "@/server/domain/tenders";
import { paymentGateway, GatewayError, type GatewayRefund, type PaymentGateway } from "@/server/payments";
import { queueCommunication } from "@/server/services/comms/queue-communication";
import { payCreditRefund, paysToLedger } from "@/server/services/credits/refund-as-credit";
import { openFollowUp } from "@/server/services/escalation/open-follow-up";
import { raiseAlert } from "@/server/services/escalation/raise-alert";
import { recordEvent } from "@/server/services/events/record-event";
import { transitionBooking } from "@/server/services/lifecycle";
import { settleRefundEscalations } from "./refund-alerts";
import { recordRefundReturned } from "./refund-returned";

/** Definite failures before a human is asked (the hourly function retries in between). */
export const MAX_REFUND_ATTEMPTS = 3;
/** Wait after the nth definite failure: 1 h, 4 h, then a human. */
const failureBackoffMs = (n: number) => [3_600_000, 4 * 3_600_000][n - 1] ?? 12 * 3_600_000;
/** A claimed call that never reported back (process died) is retried, with the same key, after this. */
const CLAIM_LEASE_MS = 10 * 60_000;
/** An unclear outcome (timeout) or an unreachable gateway is retried soon, with the same key. */
const UNCLEAR_RETRY_MS = 60_000;

export type PayOutResult =
  | { status: "succeeded" | "processing"; refundId: string; gatewayRefundId: string }
  | { status: "failed"; refundId: string; reason: string; escalated: boolean }
  | { status: "retry_later"; refundId: string; reason: string }
  | { status: "skipped"; refundId: string; current: string };

type ClaimedRow = {
  id: string;
  booking_id: string;
  amount_minor: number;
  currency: string;
  idempotency_key: string;
  retry_count: number;
  refund_reference: string;
  intent: string | null;
  charge: string | null;
  method: "card" | "bank_transfer" | "wallet";
  from_status: string;
};
type Claimed = CamelRow<ClaimedRow>;

/**
 * Pays one refund out through the payments port (docs/architecture.md, "Events and jobs"): claim it in a small
 * transaction (pending/failed → processing, with a lease), call the gateway outside any
 * transaction, record the answer in another. The gateway idempotency key is the refund's own key
 * plus its count of definite failures: a timeout or a crash retries with the same key (the gateway
 * returns the refund it already made, never a second one); after a decline a new attempt gets a
 * new key. After MAX_REFUND_ATTEMPTS definite failures: `refund/failed`, an alert and a follow-up.
 */
export async function payOutRefund(
  db: Db,
  refundId: string,
  gateway: PaymentGateway = paymentGateway(db),
): Promise<PayOutResult> {
  const [leg] = await db
    .select({ status: refunds.status, method: paymentTransactions.method })
    .from(refunds)
    .innerJoin(paymentTransactions, eq(paymentTransactions.id, refunds.paymentTransactionId))
    .where(eq(refunds.id, refundId));
  // First the dispute: a card leg taken as credit under an open dispute would let the bank return
  // the same money as cash; it waits (held) like any other until the dispute closes.
  if (await holdIfDisputed(db, refundId)) return { status: "skipped", refundId, current: "held" };
  // Only gateway tenders are paid out here. A `credit` leg goes back to the travel-credit ledger,
  // never to the gateway; so does a card leg its owner chose to take as credit
  // (server/services/credits/refund-as-credit.ts).
  if (leg && (await paysToLedger(db, refundId, leg.method))) return payCreditRefund(db, refundId, recordGatewayAnswer);
  if (leg && !isGatewayTender(leg.method)) return { status: "skipped", refundId, current: leg.status };
  let claimed: Claimed | null;
  try {
    claimed = await claim(db, refundId);
  } catch (e) {
    // A dispute opened between the check above and the claim: the database's guard refused it.
    if (!isDisputeGuard(e) || !(await holdIfDisputed(db, refundId))) throw e;
    return { status: "skipped", refundId, current: "held" };
  }
  if (!claimed) {
    const blocked = await escalateIfNoRoom(db, refundId);
    if (blocked) return blocked;
    const [r] = await db.select({ status: refunds.status }).from(refunds).where(eq(refunds.id, refundId));
    return { status: "skipped", refundId, current: r?.status ?? "missing" };
  }
  let answer: GatewayRefund;
  try {
    answer = await gateway.refund({
      idempotencyKey: `${claimed.idempotencyKey}:attempt-${claimed.retryCount + 1}`,
      ...(claimed.intent ? { paymentIntentId: claimed.intent } : { chargeId: claimed.charge ?? undefined }),
      amountMinor: Number(claimed.amountMinor),
      currency: claimed.currency,
      reason: "requested_by_customer",
      metadata: { refund_id: claimed.id, booking_id: claimed.bookingId, refund_reference: claimed.refundReference },
    });
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    if (e instanceof GatewayError && e.retryable) {
      // Maybe made, maybe not: ask again soon with the same key, which settles it either way.
      await db
        .update(refunds)
        .set({
          failureReason: `Retrying: ${reason}`,
          nextRetryAt: new Date(Date.now() + UNCLEAR_RETRY_MS),
          updatedAt: new Date(),
        })
        .where(eq(refunds.id, refundId));
      return { status: "retry_later", refundId, reason };
    }
    if (!(e instanceof GatewayError)) throw e; // our bug or the network stack: the function retries, the lease protects
    return db.transaction((tx) => recordFailure(tx, claimed, reason));
  }
  if (answer.status === "failed")
    return db.transaction((tx) => recordFailure(tx, claimed, answer.failureReason ?? "The gateway refused the refund"));
  await db.transaction((tx) => recordGatewayAnswer(tx, claimed.id, answer));
  return {
    status: answer.status === "succeeded" ? "succeeded" : "processing",
    refundId,
    gatewayRefundId: answer.gatewayRefundId,
  };
}

/**
 * A refund owed before its payment was disputed is not paid out while the dispute is open (unless
 * ops overrode it): it becomes `held` until the dispute closes (server/services/disputes/held-refunds.ts).
 * The database's refunds_dispute_guard refuses the claim anyway; this says so in the refund's history.
 */
async function holdIfDisputed(db: Db, refundId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx.execute<{
      id: string;
      booking_id: string;
      amount_minor: number;
      currency: string;
      payment_transaction_id: string;
      reason: string | null;
    }>(sql`
      update refunds r set status = 'held', updated_at = now(), next_retry_at = null
      where r.id = ${refundId} and r.status in ('pending', 'failed') and r.dispute_override_reason is null
        and coalesce(r.reason, '') <> 'chargeback'
        and exists (select 1 from disputes d where d.payment_transaction_id = r.payment_transaction_id
          and d.status in ${sqlList(openDisputeStatuses)})
      returning r.id, r.booking_id, r.amount_minor, r.currency, r.payment_transaction_id, r.reason`);
    if (!row) return false;
    await tx
      .update(cancellationRequests)
      .set({ refundStatus: "held" })
      .where(eq(cancellationRequests.refundId, row.id));
    await recordEvent(tx, "refund/held", {
      refundId: row.id,
      bookingId: row.booking_id,
      amountMinor: Number(row.amount_minor),
      currency: row.currency,
      paymentId: row.payment_transaction_id,
      reason: row.reason ?? "owed",
    });
    return true;
  });
}

const isDisputeGuard = (e: unknown): boolean =>
  !!e &&
  typeof e === "object" &&
  ((e as { constraint_name?: string }).constraint_name === "refunds_disputed_charge" ||
    isDisputeGuard((e as { cause?: unknown }).cause));

async function claim(db: Db, refundId: string): Promise<Claimed | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx.execute<ClaimedRow>(sql`
      with before as (select id, status::text as from_status from refunds where id = ${refundId} for update)
      update refunds r set status = 'processing', updated_at = now(), next_retry_at = now() + make_interval(secs => ${CLAIM_LEASE_MS / 1000})
      from before, payment_transactions p
      where r.id = before.id and p.id = r.payment_transaction_id
        and (r.status = 'pending'
          or (r.status = 'failed' and r.retry_count < ${MAX_REFUND_ATTEMPTS} and coalesce(r.next_retry_at, now()) <= now()
              and p.refunded_minor + r.amount_minor <= p.amount_minor)
          or (r.status = 'processing' and r.stripe_refund_id is null and r.next_retry_at <= now()))
      returning r.id, r.booking_id, r.amount_minor, r.currency, r.idempotency_key, r.retry_count, r.refund_reference,
        p.stripe_payment_intent_id as intent, p.stripe_charge_id as charge, p.method::text as method, before.from_status`);
    const c = row && camelRow(row);
    if (c && c.fromStatus !== "processing") {
      await recordEvent(tx, "refund/processing", {
        refundId: c.id,
        bookingId: c.bookingId,
        attempt: c.retryCount + 1,
      });
    }
    return c ?? null;
  });
}

/**
 * A failed refund holds no money on its payment; when what it needs has meanwhile gone back
 * another way (a lost chargeback, a manual refund), retrying it would refund beyond what was paid
 * (the CHECK refuses it). It is not retried: it fails for good and a human is asked.
 */
async function escalateIfNoRoom(db: Db, refundId: string): Promise<PayOutResult | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx.execute<
      Pick<ClaimedRow, "id" | "booking_id" | "amount_minor" | "currency" | "retry_count" | "refund_reference"> & {
        paid: number;
        returned: number;
      }
    >(sql`
      select r.id, r.booking_id, r.amount_minor, r.currency, r.retry_count, r.refund_reference,
        p.amount_minor as paid, p.refunded_minor as returned
      from refunds r join payment_transactions p on p.id = r.payment_transaction_id
      where r.id = ${refundId} and r.status = 'failed' and r.retry_count < ${MAX_REFUND_ATTEMPTS} and p.refunded_minor + r.amount_minor > p.amount_minor
      for update of r`);
    if (!row) return null;
    const c = camelRow(row);
    const reason = `Nothing left to refund: ${c.returned} of ${c.paid} already returned on the payment`;
    return recordFailure(tx, { ...c, retryCount: MAX_REFUND_ATTEMPTS - 1 }, reason);
  });
}

/** What recording a failure needs of the refund (not its payment). */
type FailedRefund = Pick<Claimed, "id" | "bookingId" | "amountMinor" | "currency" | "retryCount" | "refundReference">;

async function recordFailure(tx: Tx, c: FailedRefund, reason: string): Promise<PayOutResult> {
  const attempts = c.retryCount + 1;
  const exhausted = attempts >= MAX_REFUND_ATTEMPTS;
  await tx
    .update(refunds)
    .set({
      status: "failed",
      failureReason: reason,
      retryCount: attempts,
      updatedAt: new Date(),
      nextRetryAt: exhausted ? null : new Date(Date.now() + failureBackoffMs(attempts)),
    })
    .where(eq(refunds.id, c.id));
  await tx.update(cancellationRequests).set({ refundStatus: "failed" }).where(eq(cancellationRequests.refundId, c.id));
  if (!exhausted) {
    await recordEvent(tx, "refund/attempt_failed", {
      refundId: c.id,
      bookingId: c.bookingId,
      attempt: attempts,
      reason,
    });
    return { status: "failed", refundId: c.id, reason, escalated: false };
  }
  await recordEvent(tx, "refund/failed", {
    refundId: c.id,
    bookingId: c.bookingId,
    attempts,
    reason,
    amountMinor: Number(c.amountMinor),
    currency: c.currency,
  });
  await raiseAlert(tx, {
    severity: "high",
    source: "refund_failed",
    title: `Refund ${c.refundReference} failed ${attempts} times`,
    details: { refundId: c.id, reason },
    bookingId: c.bookingId,
    dedupeKey: `refund_failed:${c.id}`,
  });
  await openFollowUp(tx, {
    bookingId: c.bookingId,
    kind: "refund_failed",
    dedupeKey: `refund_failed:${c.id}`,
    title: `Refund ${c.refundReference} needs a human: ${reason}`,
    dueAt: new Date(Date.now() + 4 * 3_600_000),
  });
  return { status: "failed", refundId: c.id, reason, escalated: true };
}

/**
 * Applies what the gateway says about a refund (its call's answer, or a webhook later): succeeded
 * → the money is on its way: expected arrival, the traveler told, the booking refunded when
 * nothing paid remains; pending → processing. Never moves a succeeded refund back but to failed
 * (cards can bounce a refund back days later), and is a no-op when nothing changes.
 */
export async function recordGatewayAnswer(
  tx: Tx,
  refundId: string,
  answer: Pick<GatewayRefund, "gatewayRefundId" | "status" | "failureReason">,
) {
  const [r] = await tx.select().from(refunds).where(eq(refunds.id, refundId)).for("update");
  if (!r) return { changed: false };
  const to = answer.status === "succeeded" ? "succeeded" : answer.status === "pending" ? "processing" : "failed";
  if (r.status === to || (r.status === "succeeded" && to === "processing") || r.status === "cancelled") {
    if (!r.stripeRefundId)
      await tx.update(refunds).set({ stripeRefundId: answer.gatewayRefundId }).where(eq(refunds.id, r.id));
    return { changed: false };
  }
  if (to === "failed") {
    await tx
      .update(refunds)
      .set({ stripeRefundId: answer.gatewayRefundId, stripeStatus: "failed" })
      .where(eq(refunds.id, r.id));
    const reason = answer.failureReason ?? "The refund failed at the gateway";
    await recordFailure(tx, r, reason);
    // Reported sent, then returned by the card network: told at once, not only retried (refund-returned.ts).
    if (r.status === "succeeded") await recordRefundReturned(tx, r.id, reason);
    return { changed: true };
  }
  const now = new Date();
  const [p] = await tx
    .select({ method: paymentTransactions.method })
    .from(paymentTransactions)
    .where(eq(paymentTransactions.id, r.paymentTransactionId));
  const arrival = expectedArrival(now, p.method);
  await tx
    .update(refunds)
    .set({
      status: to,
      stripeRefundId: answer.gatewayRefundId,
      stripeStatus: answer.status,
      failureReason: null,
      updatedAt: now,
      ...(to === "succeeded"
        ? { processedAt: now, nextRetryAt: null, estimatedArrival: arrival.latest }
        : { nextRetryAt: new Date(now.getTime() + 24 * 3_600_000) }),
    })
    .where(eq(refunds.id, r.id));
  await tx.update(cancellationRequests).set({ refundStatus: to }).where(eq(cancellationRequests.refundId, r.id));
  if (to !== "succeeded") return { changed: true };
  await recordEvent(tx, "refund/succeeded", {
    refundId: r.id,
    bookingId: r.bookingId,
    amountMinor: r.amountMinor,
    currency: r.currency,
  });
  // A refund escalated after failing, then paid (a retry, or the gateway's late answer): nothing left to do by hand.
  // Its deadline alerts too (refund-alerts.ts): paid late is still paid.
  await settleRefundEscalations(tx, r.id, `Refund ${r.refundReference} went through`);
  await queueCommunication(tx, {
    bookingId: r.bookingId,
    type: "refund_confirmation",
    dedupeKey: `refund_confirmation:${r.id}`,
    templateData: { amountMinor: r.amountMinor, currency: r.currency, expectedBy: arrival.latest },
  });
  // A cancelled booking whose whole charge has come back is refunded (booking machine).
  // refunded_minor is the sum of its succeeded refunds, kept by the money trigger (0001) within this transaction.
  const [b] = await tx
    .select({ status: bookings.status, paid: bookings.paidMinor, refunded: bookings.refundedMinor })
    .from(bookings)
    .where(eq(bookings.id, r.bookingId));
  if (b.status === "cancelled" && b.refunded >= b.paid && b.paid > 0) {
    await transitionBooking(tx, {
      bookingId: r.bookingId,
      to: "refunded",
      actor: systemActor("refunds"),
      reason: `Refund ${r.refundReference} completed: all money returned`,
    });
  }
  return { changed: true };
}

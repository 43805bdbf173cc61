import { type Actor } from "@/server/domain/actor";
import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bookingItems, bookings, cancellationRequests, paymentTransactions, refunds } from "@/db/schema";
import type { RefundQuote } from "@/server/domain/refund-quote";
import { DomainError } from "@/server/domain/errors";
import { rates } from "@/server/payments/rates";
import { ProviderError, providerAdapter } from "@/server/providers";
import { queueCommunication } from "@/server/services/comms/queue-communication";
import { openFollowUp } from "@/server/services/escalation/open-follow-up";
import { raiseAlert } from "@/server/services/escalation/raise-alert";
import { settleEscalation } from "@/server/services/escalation/settle-escalation";
import { recordEvent } from "@/server/services/events/record-event";
import { transitionItem } from "@/server/services/lifecycle";
import { oweRefund } from "@/server/services/refunds/owe-refund";

type ProviderCancellation = {
  provider: string;
  itemId: string;
  status: string;
  reference?: string;
  cancelledAt?: string;
  error?: string;
  providerRefundMinor?: number;
  providerCurrency?: string;
};

/** The providers still to call, with their items: everything not yet cancelled at its provider. */
export async function cancellationPlan(
  db: Db,
  cancellationId: string,
): Promise<{ provider: string; itemIds: string[] }[]> {
  const [c] = await db.select().from(cancellationRequests).where(eq(cancellationRequests.id, cancellationId));
  if (!c) throw new DomainError("not_found", `Cancellation ${cancellationId} not found`);
  if (c.status !== "processing") return [];
  const byProvider = new Map<string, string[]>();
  for (const p of c.providerCancellations)
    if (p.status !== "cancelled") byProvider.set(p.provider, [...(byProvider.get(p.provider) ?? []), p.itemId]);
  return [...byProvider].map(([provider, itemIds]) => ({ provider, itemIds }));
}

/**
 * Cancels the given items with their provider, one call each (outside any transaction), keyed by
 * cancellation and item so a retried step never cancels twice, and records each answer in its own
 * small transaction: the item → cancelled (history, event) with its fee and refund from the quote.
 * A retryable provider error is thrown while `finalAttempt` is false (the function retries the
 * step with backoff); after that, and for a refusal, the item is recorded as failed.
 */
export async function cancelAtProvider(
  db: Db,
  input: { cancellationId: string; provider: string; itemIds: string[]; finalAttempt: boolean; by?: Actor },
) {
  const adapter = await providerAdapter(db, input.provider);
  const results: ProviderCancellation[] = [];
  for (const itemId of input.itemIds) {
    const [item] = await db
      .select({ ref: bookingItems.providerBookingId, status: bookingItems.status })
      .from(bookingItems)
      .where(eq(bookingItems.id, itemId));
    let result: ProviderCancellation;
    if (!item.ref) {
      result = { provider: input.provider, itemId, status: "failed", error: "No provider booking id to cancel" };
    } else if (item.status === "cancelled" || item.status === "provider_cancelled") {
      result = { provider: input.provider, itemId, status: "cancelled", cancelledAt: new Date().toISOString() };
    } else {
      try {
        const r = await adapter.cancel(item.ref, { idempotencyKey: `cancel:${input.cancellationId}:${itemId}` });
        result = {
          provider: input.provider,
          itemId,
          status: "cancelled",
          reference: r.reference,
          cancelledAt: r.cancelledAt.toISOString(),
          ...(r.providerRefund
            ? { providerRefundMinor: r.providerRefund.amountMinor, providerCurrency: r.providerRefund.currency }
            : {}),
        };
      } catch (e) {
        if (e instanceof ProviderError && e.retryable && !input.finalAttempt) throw e;
        result = {
          provider: input.provider,
          itemId,
          status: "failed",
          error: e instanceof Error ? e.message : String(e),
        };
      }
    }
    await recordProviderAnswer(db, input.cancellationId, result, input.by);
    results.push(result);
  }
  return results;
}

/** `by`: who confirmed (from `cancellation/confirmed`); else the requester's kind. */
async function recordProviderAnswer(db: Db, cancellationId: string, r: ProviderCancellation, by?: Actor) {
  await db.transaction(async (tx) => {
    const [c] = await tx
      .select()
      .from(cancellationRequests)
      .where(eq(cancellationRequests.id, cancellationId))
      .for("update");
    const list = c.providerCancellations.map((p) => (p.itemId === r.itemId ? r : p));
    await tx.update(cancellationRequests).set({ providerCancellations: list }).where(eq(cancellationRequests.id, c.id));
    if (r.status !== "cancelled") return;
    const line = (c.refundCalculation as RefundQuote).items.find((l) => l.itemId === r.itemId);
    const [item] = await tx
      .select({ status: bookingItems.status })
      .from(bookingItems)
      .where(eq(bookingItems.id, r.itemId));
    if (item.status !== "cancelled" && item.status !== "provider_cancelled") {
      await transitionItem(tx, {
        itemId: r.itemId,
        to: "cancelled",
        actor: by ?? { kind: c.requestedBy, id: null },
        reason: `Cancelled at ${r.provider}${r.reference ? ` (${r.reference})` : ""}${c.requestReason ? `: ${c.requestReason}` : ""}`,
      });
    }
    if (line)
      await tx
        .update(bookingItems)
        .set({ cancellationFeeMinor: line.feeMinor, refundMinor: line.refundMinor })
        .where(eq(bookingItems.id, r.itemId));
  });
}

/**
 * After the provider calls: one refund for the items their providers did cancel (nothing for an
 * item whose provider did not), due by its legal deadline, handed to the refund path
 * (`refund/requested`); the traveler told. All cancelled → completed. Some failed → partial, with a
 * high alert and a follow-up; a retry later cancels the rest and refunds them separately.
 * Idempotent: the refund's key is derived from the cancellation and the items it covers.
 */
export async function settleCancellation(db: Db, cancellationId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const [c] = await tx
      .select()
      .from(cancellationRequests)
      .where(eq(cancellationRequests.id, cancellationId))
      .for("update");
    if (!c || c.status !== "processing") return { status: c?.status ?? "missing", refundId: null };
    const quote = c.refundCalculation as RefundQuote;
    const refunded = new Set(
      (
        await tx.select({ breakdown: refunds.breakdown }).from(refunds).where(eq(refunds.cancellationRequestId, c.id))
      ).flatMap((r) => r.breakdown?.items.map((i) => i.itemId) ?? []),
    );
    const cancelled = c.providerCancellations.filter((p) => p.status === "cancelled").map((p) => p.itemId);
    const failed = c.providerCancellations.filter((p) => p.status !== "cancelled");
    const lines = quote.items.filter((l) => cancelled.includes(l.itemId) && !refunded.has(l.itemId));
    const quoted = lines.reduce((s, l) => s + l.refundMinor, 0);
    const [charge] = await tx
      .select({ id: paymentTransactions.id })
      .from(paymentTransactions)
      .where(
        and(
          eq(paymentTransactions.bookingId, c.bookingId),
          eq(paymentTransactions.kind, "charge"),
          eq(paymentTransactions.status, "succeeded"),
        ),
      )
      .limit(1);
    if (quoted > 0 && !charge) throw new DomainError("conflict", "The booking has no successful charge to refund");

    let refundId: string | null = null;
    let refundStatus: string | null = null;
    let amount = 0;
    if (quoted > 0) {
      const [b] = await tx
        .select({ reference: bookings.bookingReference })
        .from(bookings)
        .where(eq(bookings.id, c.bookingId));
      const covers = lines.map((l) => l.itemId).sort();
      const tag = createHash("sha256").update(covers.join(",")).digest("hex").slice(0, 8);
      const fromProviders = await providerRefundOf(
        c.providerCancellations.filter((p) => lines.some((l) => l.itemId === p.itemId)),
        quote.currency,
        now,
      );
      // The items are cancelled at their providers already: a quote the payments can no longer
      // cover (money returned meanwhile another way) is placed as far as it goes, with an alert.
      const legs = await oweRefund(tx, {
        bookingId: c.bookingId,
        amountMinor: quoted,
        currency: quote.currency,
        key: `refund:cancellation:${c.id}:${tag}`,
        reference: `RF-${b.reference.slice(3)}-C${tag.toUpperCase().slice(0, 6)}`,
        reason: c.requestReason ?? "Cancellation",
        requestedBy: c.requestedBy,
        cancellationRequestId: c.id,
        whenShort: "alert",
        breakdown: {
          baseMinor: lines.reduce((s, l) => s + l.paidMinor, 0),
          cancellationFeeMinor: lines.reduce((s, l) => s + l.cancellationFeeMinor, 0),
          processingFeeMinor: lines.reduce((s, l) => s + l.processingFeeMinor, 0),
          finalRefundMinor: quoted,
          items: lines.map((l) => ({
            itemId: l.itemId,
            paidMinor: l.paidMinor,
            feeMinor: l.feeMinor,
            refundMinor: l.refundMinor,
            policy: l.policy,
          })),
        },
        extra: fromProviders,
        event: { name: "refund/requested", data: { cancellationId: c.id } },
        now,
      });
      amount = legs.reduce((s, l) => s + l.amountMinor, 0);
      if (legs[0]) {
        refundId = legs[0].id;
        refundStatus = legs[0].status;
      }
    }

    const status = failed.length ? "partial" : "completed";
    await tx
      .update(cancellationRequests)
      .set({
        status,
        ...(refundId ? { refundId, refundStatus } : {}),
        ...(status === "completed" ? { completedAt: now } : {}),
      })
      .where(eq(cancellationRequests.id, c.id));
    await recordEvent(tx, `cancellation/${status}`, {
      cancellationId: c.id,
      bookingId: c.bookingId,
      cancelled,
      failed: failed.map((f) => f.itemId),
    });
    if (cancelled.length) {
      await queueCommunication(tx, {
        bookingId: c.bookingId,
        type: "cancellation_notice",
        dedupeKey: `cancellation_notice:${c.id}:${cancelled.length}`,
        templateData: {
          itemIds: cancelled,
          refundMinor: amount,
          feeMinor: lines.reduce((s, l) => s + l.feeMinor, 0),
          currency: quote.currency,
          reason: c.requestReason,
        },
      });
    }
    // A retry that finished what an earlier round left: its alert and follow-up are done with.
    if (status === "completed")
      await settleEscalation(
        tx,
        `cancellation_partial:${c.id}`,
        "Completed by a later retry: every provider has cancelled",
      );
    if (failed.length) {
      const why = failed.map((f) => `${f.provider}: ${f.error ?? "not cancelled"}`).join("; ");
      await raiseAlert(tx, {
        severity: "high",
        source: "cancellation_partial",
        title: `Cancellation incomplete: ${failed.length} item(s) still live`,
        details: { cancellationId: c.id, failed },
        bookingId: c.bookingId,
        dedupeKey: `cancellation_partial:${c.id}`,
      });
      await openFollowUp(tx, {
        kind: "cancellation_partial",
        title: `Finish the cancellation: ${why}`.slice(0, 250),
        dueAt: new Date(now.getTime() + 4 * 3_600_000),
        priority: "high",
        bookingId: c.bookingId,
        dedupeKey: `cancellation_partial:${c.id}`,
        details: { cancellationId: c.id },
      });
    }
    return { status, refundId };
  });
}

/** Support retries a partial cancellation: the providers that failed are called again. */
export async function retryCancellation(db: Db, input: { cancellationId: string; actor: Actor }) {
  return db.transaction(async (tx) => {
    const [c] = await tx
      .select()
      .from(cancellationRequests)
      .where(eq(cancellationRequests.id, input.cancellationId))
      .for("update");
    if (!c) throw new DomainError("not_found", "Cancellation not found");
    if (c.status !== "partial")
      throw new DomainError("conflict", `Only a partial cancellation can be retried (this one is ${c.status})`);
    const list = c.providerCancellations.map((p) =>
      p.status === "cancelled" ? p : { provider: p.provider, itemId: p.itemId, status: "pending" },
    );
    await tx
      .update(cancellationRequests)
      .set({ status: "processing", providerCancellations: list })
      .where(eq(cancellationRequests.id, c.id));
    await recordEvent(tx, "cancellation/retry_requested", {
      cancellationId: c.id,
      bookingId: c.bookingId,
      by: input.actor,
    });
    return { id: c.id, status: "processing" as const };
  });
}

/**
 * What the providers return to us for these items, kept beside the traveler's refund (docs/architecture.md,
 * "Money": never converted into it). When they refund in one currency other than the charge's, the rate to
 * the charge currency and its source are recorded for reconciliation.
 */
async function providerRefundOf(cancelled: ProviderCancellation[], chargeCurrency: string, at: Date) {
  const currencies = new Set(cancelled.map((p) => p.providerCurrency));
  if (cancelled.length === 0 || currencies.size !== 1 || cancelled.some((p) => p.providerRefundMinor === undefined))
    return {};
  const providerCurrency = [...currencies][0]!;
  const providerAmountMinor = cancelled.reduce((s, p) => s + p.providerRefundMinor!, 0);
  if (providerCurrency === chargeCurrency) return { providerAmountMinor, providerCurrency };
  const fx = await rates.rateFor(providerCurrency, chargeCurrency, at);
  return { providerAmountMinor, providerCurrency, fxRate: fx.rate, fxRateSource: `${fx.source} (${fx.asOf})` };
}

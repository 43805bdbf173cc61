// The money side of a demo booking's story: cancellation requests with their itemised quotes,
// the refunds they lead to (paid, in flight, or failed three times and escalated) and the notices.
import type { ActorKind } from "@/server/domain/actor";
import type { ItemStatus } from "@/server/domain/statuses";
import { DAY, feeAt, HOUR, MIN, type SeedItem } from "./items";
import type { Rng } from "./random";
import { at, atOrNull, businessDaysAfter, type Extra, type sideRecords, stripeId } from "./records";

type Side = ReturnType<typeof sideRecords>;
type Story = {
  r: Rng;
  now: number;
  bookingId: string;
  reference: string;
  currency: string;
  chargeId: string;
  paymentMethod: string;
  items: SeedItem[];
  extra: Extra;
  moveItem: (it: SeedItem, to: ItemStatus, when: number, by: ActorKind, why: string, eventType?: string) => void;
} & Pick<Side, "alert" | "followUp" | "comm" | "webhook">;

export function moneyRecords({
  r,
  now,
  bookingId,
  reference,
  currency,
  chargeId,
  paymentMethod,
  items,
  extra,
  moveItem,
  alert,
  followUp,
  comm,
  webhook,
}: Story) {
  /** Cancels `chosen` at `when`: fees by policy, the request, the refund and the notices. */
  const cancelItems = (
    chosen: SeedItem[],
    when: number,
    by: "traveler" | "provider",
    refundOutcome: "succeeded" | "processing" | "failed",
    requestStatus = "completed",
    failed: SeedItem[] = [],
  ) => {
    const lines = chosen.map((it) => {
      const fee = by === "provider" ? 0 : feeAt(it, when);
      it.cancel = { at: when, fee, refund: it.share - fee };
      if (by === "provider") {
        moveItem(
          it,
          "provider_cancelled",
          when,
          "provider",
          `${it.provider.name} cancelled this ${it.category}`,
          "booking.cancelled",
        );
        webhook(it, "booking.cancelled", when, { reason: "inventory_unavailable" }, "provider_cancellation");
      } else moveItem(it, "cancelled", when + MIN, "traveler", "Cancelled at the traveler's request");
      return {
        itemId: it.id,
        paidMinor: it.share,
        feeMinor: fee,
        refundMinor: it.share - fee,
        policy: by === "provider" ? "Provider cancelled: full refund" : policyLine(it, when),
      };
    });
    const refundMinor = lines.reduce((s, l) => s + l.refundMinor, 0);
    const feeMinor = lines.reduce((s, l) => s + l.feeMinor, 0);
    const quote = {
      currency,
      totalEligibleMinor: refundMinor + feeMinor,
      cancellationFeeMinor: feeMinor,
      processingFeeMinor: 0,
      refundMinor,
      items: lines,
    };
    const requestId = r.uuid();
    extra.requests.push({
      id: requestId,
      booking_id: bookingId,
      requested_by: by === "provider" ? "provider" : "traveler",
      request_reason:
        by === "provider"
          ? "Provider cancelled"
          : r.pick(["Change of plans", "Illness", "Found another option", "Work"]),
      cancellation_type: chosen.length + failed.length === items.length ? "full" : "partial",
      items_to_cancel: [...chosen, ...failed].map((x) => x.id),
      status: requestStatus,
      refund_calculation: quote,
      quote_expires_at: at(when + DAY),
      provider_cancellations: [
        ...chosen.map((x) => ({
          provider: x.provider.code,
          itemId: x.id,
          status: "cancelled",
          reference: `CX-${x.confirmation}`,
          cancelledAt: at(when).toISOString(),
        })),
        ...failed.map((x) => ({
          provider: x.provider.code,
          itemId: x.id,
          status: "failed",
          error: `${x.provider.name} did not answer (timeout after 3 attempts)`,
        })),
      ],
      refund_status: refundMinor > 0 ? refundOutcome : null,
      created_at: at(when - r.int(2, 30) * MIN),
      confirmed_at: by === "traveler" ? at(when - MIN) : null,
      completed_at: requestStatus === "completed" ? at(when + 2 * MIN) : null,
      auto_processed: by === "provider" || feeMinor === 0,
    });
    const refundedAt =
      refundMinor > 0 ? refund(refundMinor, quote, requestId, when + 2 * MIN, refundOutcome, by) : null;
    comm(
      "cancellation_notice",
      `Your booking ${reference} was cancelled`,
      when + 2 * MIN,
      `cancellation_notice:${requestId}`,
    );
    return { refundMinor, refundedAt };
  };
  const refund = (
    amount: number,
    quote: { cancellationFeeMinor: number; items: unknown[] },
    requestId: string | null,
    when: number,
    outcome: "succeeded" | "processing" | "failed",
    by: string,
  ) => {
    const id = r.uuid();
    const attempted = outcome !== "processing" || r.chance(0.5);
    const processedAt = outcome === "succeeded" ? Math.min(when + r.int(1, 60) * MIN, now - MIN) : null;
    extra.refunds.push({
      id,
      booking_id: bookingId,
      cancellation_request_id: requestId,
      payment_transaction_id: chargeId,
      refund_reference: `RF-${reference.slice(3)}-${extra.refunds.length + 1}`,
      idempotency_key: `refund:${id}`,
      stripe_refund_id: attempted ? stripeId(r, "re") : null,
      stripe_status:
        outcome === "succeeded" ? "succeeded" : outcome === "failed" ? "failed" : attempted ? "pending" : null,
      amount_minor: amount,
      currency,
      breakdown: {
        baseMinor: amount + quote.cancellationFeeMinor,
        cancellationFeeMinor: quote.cancellationFeeMinor,
        processingFeeMinor: 0,
        finalRefundMinor: amount,
        items: quote.items,
      },
      status: outcome === "processing" && !attempted ? "pending" : outcome,
      reason: by === "provider" ? "provider_cancelled" : "requested_by_customer",
      requested_by: by,
      processed_at: atOrNull(processedAt),
      failure_reason: outcome === "failed" ? "card_expired: the card on file has expired" : null,
      retry_count: outcome === "failed" ? 3 : 0,
      next_retry_at: null,
      estimated_arrival:
        outcome === "failed" ? null : businessDaysAfter(when, paymentMethod === "bank_transfer" ? 10 : 7),
      due_by: at(when + 9 * DAY),
      created_at: at(when),
      updated_at: at(when),
    });
    if (outcome === "succeeded")
      comm(
        "refund_confirmation",
        `Your refund for ${reference} is on its way`,
        when + HOUR,
        `refund_confirmation:${id}`,
      );
    if (outcome === "failed") {
      const alertId = alert(
        "high",
        "refund_failed",
        `Refund ${reference} failed three times`,
        when + 5 * HOUR,
        { refundId: id, amountMinor: amount, currency },
        false,
      );
      followUp(
        "refund_failed",
        `Refund for ${reference} failed: contact the traveler for another method`,
        "high",
        when + 2 * DAY,
        when + 5 * HOUR,
        alertId,
        false,
      );
    }
    return processedAt;
  };
  const policyLine = (it: SeedItem, when: number) => {
    if (!it.policy.refundable) return "Non-refundable";
    let line = "Free cancellation";
    it.tierAt.forEach((t, k) => {
      if (t.at <= when) line = it.policy.tiers[k].description;
    });
    return line;
  };
  return { cancelItems, policyLine };
}

// The scenarios a demo booking can play (db/seed/scenarios.ts picks one), each as the moves,
// requests, refunds, alerts and messages it leaves behind (db/seed/booking.ts tells the story).
import { DAY, feeAt, freeUntil, HOUR, MIN } from "./items";
import type { Identity } from "./people";
import type { moneyRecords } from "./money-records";
import { at, stripeId } from "./records";
import type { Scenario } from "./scenarios";
import { plotPoints, type Plot } from "./booking-story";

export type ScenarioPlay = Plot & {
  scenario: Scenario;
  phase: "past" | "ended" | "ongoing" | "upcoming";
  lead: Identity;
  start: number;
  end: number;
} & Pick<ReturnType<typeof moneyRecords>, "cancelItems" | "policyLine">;

export function playScenario(p: ScenarioPlay): void {
  const { scenario, phase, lead, start, end, cancelItems, policyLine } = p;
  const {
    r,
    now,
    bookingId,
    reference,
    currency,
    total,
    items,
    extra,
    s,
    moveBooking,
    moveItem,
    ready,
    lastMoment,
    between,
  } = p;
  const { alert, followUp, comm } = p;
  const booking = s.booking;
  const { complete, dispute, scheduleChange } = plotPoints(p);

  switch (scenario) {
    case "pending":
    case "active":
    case "awaiting_completion":
      break;
    case "modified": {
      const it = items.find((x) => x.category === "hotel") ?? items[0];
      const when = between(ready, lastMoment);
      const nameFix = r.chance(0.5);
      const fee = nameFix ? 0 : Math.max(0, Math.floor(it.share / 10));
      const modId = r.uuid();
      let paymentId: string | null = null;
      if (fee > 0) {
        paymentId = r.uuid();
        s.feeCharges += fee;
        extra.payments.push({
          id: paymentId,
          booking_id: bookingId,
          kind: "fee_charge",
          status: "succeeded",
          method: "card",
          amount_minor: fee,
          currency,
          gateway: "local",
          stripe_payment_intent_id: stripeId(r, "pi"),
          stripe_charge_id: stripeId(r, "ch"),
          created_at: at(when - 5 * MIN),
          updated_at: at(when - 5 * MIN),
        });
      }
      extra.mods.push({
        id: modId,
        booking_id: bookingId,
        booking_item_id: it.id,
        modification_type: nameFix ? "name_change" : "special_request",
        status: "confirmed",
        requested_by: "traveler",
        request_details: nameFix
          ? { travelerIndex: 0, firstName: lead.first, lastName: lead.last, reason: "Typo in the first name" }
          : { request: "Late check-in and a quiet room" },
        original_data: nameFix ? { firstName: `${lead.first}e`, lastName: lead.last } : null,
        modified_data: nameFix ? { firstName: lead.first, lastName: lead.last } : null,
        provider_code: it.provider.code,
        currency,
        price_difference_minor: 0,
        fee_minor: fee,
        total_cost_minor: fee,
        payment_required: fee > 0,
        payment_transaction_id: paymentId,
        created_at: at(when - 10 * MIN),
        submitted_at: at(when - 8 * MIN),
        completed_at: at(when),
      });
      moveItem(it, "modified", when, "provider", nameFix ? "Name corrected" : "Special request confirmed");
      moveBooking(
        "modified",
        when,
        "traveler",
        nameFix ? "Traveler corrected a name" : "Traveler added a special request",
      );
      comm(
        "modification_confirmation",
        `Your change to ${reference} is confirmed`,
        when + MIN,
        `modification_confirmation:${modId}`,
      );
      booking.modification_count = 1;
      break;
    }
    case "schedule_change":
      scheduleChange(false);
      break;
    case "schedule_accepted":
      scheduleChange(true);
      if (phase === "past") complete(end + r.int(2, 20) * HOUR);
      break;
    case "sync_error": {
      const it = items[items.length - 1];
      it.syncError = `${it.provider.name}: timed out after 10 s (3 attempts)`;
      const when = now - r.int(2, 30) * HOUR;
      Object.assign(booking, {
        sync_status: "error",
        sync_error: it.syncError,
        sync_failures: r.int(3, 6),
        last_synced_at: at(when - 6 * HOUR),
        has_issue: true,
        issue_type: "sync_error",
        issue_description: it.syncError,
      });
      alert(
        "medium",
        "sync_failed",
        `Sync failing for ${reference} (${it.provider.name})`,
        when,
        { provider: it.provider.code, itemId: it.id },
        false,
      );
      break;
    }
    case "cancel_quote": {
      const when = now - r.int(5, 50) * MIN;
      const lines = items.map((it) => {
        const fee = feeAt(it, when);
        return {
          itemId: it.id,
          paidMinor: it.share,
          feeMinor: fee,
          refundMinor: it.share - fee,
          policy: policyLine(it, when),
        };
      });
      const refundMinor = lines.reduce((s, l) => s + l.refundMinor, 0),
        feeMinor = total - refundMinor;
      extra.requests.push({
        id: r.uuid(),
        booking_id: bookingId,
        requested_by: "traveler",
        request_reason: "Change of plans",
        cancellation_type: "full",
        items_to_cancel: items.map((x) => x.id),
        status: "awaiting_confirmation",
        refund_calculation: {
          currency,
          totalEligibleMinor: total,
          cancellationFeeMinor: feeMinor,
          processingFeeMinor: 0,
          refundMinor,
          items: lines,
        },
        quote_expires_at: at(when + DAY),
        provider_cancellations: [],
        refund_status: null,
        created_at: at(when),
        confirmed_at: null,
        completed_at: null,
        auto_processed: false,
      });
      break;
    }
    case "partial":
    case "completed_partial": {
      const chosen = items.filter((x) => x.category !== "flight" && x.category !== "hotel");
      const victims = chosen.length ? chosen : [items[items.length - 1]];
      const when = between(ready, lastMoment);
      cancelItems(victims, when, "traveler", "succeeded");
      moveBooking(
        "partially_cancelled",
        when + MIN,
        "traveler",
        `Cancelled ${victims.map((x) => x.category).join(" and ")}`,
      );
      if (scenario === "completed_partial") complete(end + r.int(2, 20) * HOUR);
      break;
    }
    case "provider_failure": {
      const failed = [items[items.length - 1]];
      const when = now - r.int(3, 20) * HOUR;
      const done = items.filter((x) => !failed.includes(x));
      cancelItems(done, when, "traveler", "succeeded", "partial", failed);
      moveBooking(
        "partially_cancelled",
        when + MIN,
        "system",
        `${failed[0].provider.name} did not confirm the cancellation`,
      );
      const alertId = alert(
        "high",
        "cancellation_incomplete",
        `Cancellation of ${reference} incomplete: ${failed[0].provider.name} failed`,
        when + 2 * MIN,
        { itemId: failed[0].id },
        false,
      );
      followUp(
        "cancellation_incomplete",
        `Finish cancelling ${reference} with ${failed[0].provider.name}`,
        "high",
        when + 4 * HOUR,
        when + 2 * MIN,
        alertId,
        false,
      );
      break;
    }
    case "cancelled":
    case "free_cancel":
    case "refund_failed": {
      const deadline = freeUntil(items);
      const freeBy = deadline === null ? lastMoment : Math.min(lastMoment, deadline - HOUR);
      const when = Math.max(
        ready,
        scenario === "refund_failed"
          ? Math.min(now - r.int(2, 3) * DAY, freeBy)
          : scenario === "free_cancel"
            ? between(ready, freeBy)
            : between(ready, lastMoment),
      );
      const outcome =
        scenario === "refund_failed" ? "failed" : now - when < 2 * DAY && r.chance(0.5) ? "processing" : "succeeded";
      const { refundMinor, refundedAt } = cancelItems(items, when, "traveler", outcome);
      s.cancelledBy = "traveler";
      s.cancelledAt = when + MIN;
      s.cancellationReason = "Cancelled at the traveler's request";
      moveBooking("cancelled", s.cancelledAt, "traveler", s.cancellationReason);
      if (refundedAt !== null && refundMinor === total)
        moveBooking("refunded", Math.max(refundedAt, s.cancelledAt + 1000), "system", "Refunded in full");
      break;
    }
    case "provider_cancelled": {
      const victim = items[items.length - 1];
      const when = Math.max(ready, Math.min(lastMoment, now - r.int(1, 72) * HOUR));
      const { refundMinor, refundedAt } = cancelItems([victim], when, "provider", "succeeded");
      const whole = items.length === 1;
      moveBooking(
        whole ? "cancelled" : "partially_cancelled",
        when + MIN,
        "provider",
        `${victim.provider.name} cancelled the ${victim.category}`,
      );
      if (whole) {
        s.cancelledBy = "provider";
        s.cancelledAt = when + MIN;
        s.cancellationReason = "Provider cancelled";
        if (refundedAt !== null && refundMinor === total)
          moveBooking("refunded", Math.max(refundedAt, when + MIN + 1000), "system", "Refunded in full");
      }
      alert(
        "high",
        "provider_cancelled",
        `${victim.provider.name} cancelled ${reference}`,
        when,
        { itemId: victim.id },
        now - when > 3 * DAY,
      );
      break;
    }
    case "completed":
    case "dispute_won":
    case "dispute_lost": {
      complete(end + r.int(2, 20) * HOUR);
      if (scenario !== "completed") dispute(false, scenario === "dispute_won" ? "won" : "lost");
      break;
    }
    case "no_show": {
      const when = start + r.int(2, 12) * HOUR;
      for (const it of items) moveItem(it, "no_show", when, "provider", "Traveler did not show up", "booking.no_show");
      moveBooking("no_show", when, "provider", "Traveler did not show up");
      break;
    }
    case "dispute_open": {
      if (phase === "past") complete(end + r.int(2, 20) * HOUR);
      dispute(true);
      break;
    }
  }
}

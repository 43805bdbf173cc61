// The status story of one demo booking (db/seed/booking.ts): where it stands as it is played
// forward, the history row every move leaves, and the plot points several scenarios share (the
// trip ending, a card dispute, a flight's schedule change).
import type { ActorKind } from "@/server/domain/actor";
import type { BookingStatus, ItemStatus } from "@/server/domain/statuses";
import type { City } from "./catalog";
import { derivedUuid } from "./gateway";
import { DAY, HOUR, MIN, type SeedItem } from "./items";
import type { Row } from "./load";
import type { Rng } from "./random";
import { at, stripeId, type Extra, type sideRecords } from "./records";

/** Where the story stands; the booking row is written from it once the story is told. */
export type StoryState = {
  status: BookingStatus;
  previous: BookingStatus | null;
  statusAt: number;
  reason: string;
  cancelledBy: ActorKind | null;
  cancelledAt: number | null;
  cancellationReason: string | null;
  completedAt: number | null;
  feeCharges: number;
  /** Columns of the booking row a plot point sets (disputes, issues, modification count). */
  booking: Row;
};

export type MoveBooking = (to: BookingStatus, when: number, by: ActorKind, why: string) => void;
export type MoveItem = (
  it: SeedItem,
  to: ItemStatus,
  when: number,
  by: ActorKind,
  why: string,
  eventType?: string,
) => void;

/** Opens the story: the booking and its items pending at `created`, with the first history row. */
export function startStory({
  r,
  bookingId,
  items,
  created,
}: {
  r: Rng;
  bookingId: string;
  items: SeedItem[];
  created: number;
}) {
  const history: Row[] = [];
  const s: StoryState = {
    status: "pending",
    previous: null,
    statusAt: created,
    reason: "Checkout completed",
    cancelledBy: null,
    cancelledAt: null,
    cancellationReason: null,
    completedAt: null,
    feeCharges: 0,
    booking: {},
  };
  const hist = (
    itemId: string | null,
    from: string | null,
    to: string,
    when: number,
    by: ActorKind,
    why: string,
    eventType?: string,
  ) =>
    history.push({
      id: r.uuid(),
      booking_id: bookingId,
      booking_item_id: itemId,
      from_status: from,
      to_status: to,
      changed_by: by,
      change_reason: why,
      provider_event_type: eventType ?? null,
      created_at: at(when),
    });
  const moveBooking: MoveBooking = (to, when, by, why) => {
    hist(null, s.status, to, when, by, why);
    s.previous = s.status;
    s.status = to;
    s.statusAt = when;
    s.reason = why;
  };
  const moveItem: MoveItem = (it, to, when, by, why, eventType) => {
    hist(it.id, it.status, to, when, by, why, eventType);
    it.previous = it.status;
    it.status = to;
    it.statusAt = when;
  };
  hist(null, null, "pending", created, "system", s.reason);
  for (const it of items) {
    it.status = "pending";
    it.statusAt = created;
  }
  return { s, history, moveBooking, moveItem };
}

type Side = ReturnType<typeof sideRecords>;
/** What the plot points (and the scenarios, db/seed/booking-scenarios.ts) play with. */
export type Plot = {
  r: Rng;
  now: number;
  i: number;
  bookingId: string;
  reference: string;
  currency: string;
  total: number;
  chargeId: string;
  chargeStripe: string;
  items: SeedItem[];
  dest: City;
  extra: Extra;
  s: StoryState;
  moveBooking: MoveBooking;
  moveItem: MoveItem;
  /** Every later move happens after `ready` and, for things done before the trip, by `lastMoment`. */
  ready: number;
  lastMoment: number;
  between: (lo: number, hi: number) => number;
} & Pick<Side, "alert" | "followUp" | "comm" | "webhook">;

export function plotPoints({
  r,
  now,
  i,
  bookingId,
  reference,
  currency,
  total,
  chargeId,
  chargeStripe,
  items,
  dest,
  extra,
  s,
  moveBooking,
  moveItem,
  ready,
  lastMoment,
  between,
  alert,
  followUp,
  comm,
  webhook,
}: Plot) {
  const booking = s.booking;
  const complete = (when: number) => {
    for (const it of items)
      if (it.status !== "cancelled" && it.status !== "provider_cancelled")
        moveItem(it, "completed", when, "system", "Travel ended");
    moveBooking("completed", when, "system", "Travel ended");
    s.completedAt = when;
    if (when + DAY < now) comm("review_request", `How was your trip to ${dest.city}?`, when + DAY, "review_request");
  };
  const dispute = (open: boolean, outcome?: "won" | "lost") => {
    const base = s.statusAt;
    const due = open
      ? i === 4
        ? now + 40 * HOUR
        : now + r.int(12, 240) * HOUR
      : Math.min(now - DAY, base + r.int(10, 30) * DAY);
    const opened = Math.max(base + HOUR, Math.min(due - 21 * DAY, now - 2 * HOUR));
    const id = r.uuid();
    const submitted = !open || r.chance(0.3);
    const disputeStatus = outcome ?? (submitted ? "under_review" : "needs_response");
    const before = s.status;
    moveBooking(
      "disputed",
      opened,
      "system",
      `Card dispute opened (${disputeStatus === "needs_response" ? "evidence needed" : "under review"})`,
    );
    extra.disputes.push({
      id,
      booking_id: bookingId,
      payment_transaction_id: chargeId,
      stripe_dispute_id: stripeId(r, "dp"),
      stripe_charge_id: chargeStripe,
      amount_minor: total,
      currency,
      reason: r.pick(["fraudulent", "product_not_received", "duplicate", "general"]),
      status: disputeStatus,
      evidence_due_by: at(due),
      evidence_submitted: submitted,
      evidence_submitted_at: submitted ? at(Math.min(opened + 2 * DAY, now - HOUR)) : null,
      outcome: outcome ?? "pending",
      priority: "high",
      created_at: at(opened),
      updated_at: at(opened),
      resolved_at: outcome ? at(Math.min(due + 10 * DAY, now - HOUR)) : null,
    });
    if (outcome === "lost") {
      // The bank kept the money: a chargeback, recorded as record-chargeback.ts records one (ids
      // derived from the dispute's, so the generator's random stream is unchanged).
      const resolved = Math.min(due + 10 * DAY, now - HOUR);
      const disputeRow = extra.disputes.at(-1)!;
      const refundId = derivedUuid(`chargeback:${id}`);
      extra.refunds.push({
        id: refundId,
        booking_id: bookingId,
        payment_transaction_id: chargeId,
        refund_reference: `CB-${reference}-${id.slice(0, 6).toUpperCase()}`,
        idempotency_key: `chargeback:${disputeRow.stripe_dispute_id}`,
        stripe_status: "lost",
        amount_minor: total,
        currency,
        status: "succeeded",
        reason: "chargeback",
        requested_by: "system",
        retry_count: 0, // json_populate_recordset: a key left out is NULL, not the default
        processed_at: at(resolved),
        created_at: at(resolved),
        updated_at: at(resolved),
      });
      disputeRow.chargeback_refund_id = refundId;
    }
    booking.has_dispute = true;
    booking.dispute_id = id;
    booking.status_before_dispute = before;
    const alertId = alert(
      "critical",
      "dispute_created",
      `Dispute on ${reference}: evidence due ${new Date(due).toISOString().slice(0, 10)}`,
      opened,
      { disputeId: id, amountMinor: total, currency },
      !!outcome,
    );
    if (!submitted || outcome)
      followUp(
        "dispute_evidence",
        `Submit evidence for ${reference}`,
        "critical",
        due - DAY,
        opened,
        alertId,
        !!outcome,
      );
    if (outcome)
      moveBooking(
        before,
        Math.min(due + 10 * DAY, now - HOUR),
        "system",
        outcome === "won" ? "Dispute won: funds returned" : "Dispute lost: chargeback kept by the bank",
      );
  };
  const scheduleChange = (accepted: boolean) => {
    const flight = items.find((x) => x.category === "flight")!;
    const when = accepted
      ? between(ready, Math.min(lastMoment, now - 3 * DAY))
      : between(Math.max(ready, now - 3 * DAY), lastMoment);
    const delta = r.pick([-90, -35, 45, 130, 190, 245]) * MIN;
    flight.originalDetails = structuredClone(flight.details);
    const segments = flight.details.segments as Record<string, unknown>[];
    const s0 = segments[0];
    const shift = (local: unknown) => new Date(Date.parse(`${local}:00Z`) + delta).toISOString().slice(0, 16);
    segments[0] = { ...s0, departureLocal: shift(s0.departureLocal), arrivalLocal: shift(s0.arrivalLocal) };
    flight.startAt += delta;
    if (segments.length === 1) flight.endAt += delta;
    flight.scheduleChangeAt = when;
    const what = `${s0.flightNumber} now departs ${Math.abs(delta / MIN)} minutes ${delta > 0 ? "later" : "earlier"}`;
    moveItem(flight, "schedule_changed", when, "provider", what, "booking.schedule_changed");
    webhook(
      flight,
      "booking.schedule_changed",
      when,
      { segment: 0, departureLocal: segments[0].departureLocal, previousDepartureLocal: s0.departureLocal },
      "schedule_change",
    );
    comm("schedule_change_alert", `Schedule change for ${reference}`, when + 2 * MIN, `schedule_change_alert:${when}`);
    Object.assign(booking, { has_issue: true, issue_type: "schedule_change", issue_description: what });
    if (accepted) {
      // Answered before the trip starts (and so before it ends and completes).
      const back = Math.min(when + r.int(1, 48) * HOUR, lastMoment, now - HOUR);
      moveItem(flight, flight.previous!, back, "traveler", "Traveler accepted the new schedule");
      Object.assign(booking, { issue_resolved: true, issue_resolved_at: at(back) });
    } else if (Math.abs(delta) >= 3 * HOUR) {
      followUp(
        "schedule_change_review",
        `Significant schedule change on ${reference}: offer alternatives or a refund`,
        "high",
        when + DAY,
        when,
        null,
        false,
        { deltaMinutes: delta / MIN },
      );
    }
  };
  return { complete, dispute, scheduleChange };
}

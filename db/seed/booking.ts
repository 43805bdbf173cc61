// One demo booking and everything that happened to it, as rows. Each booking is a short story
// (a scenario) played forward in time from its creation to `now`; every status change goes
// through the same moves the booking and item machines allow and leaves its history row, so
// the data reads like the product had been running for a year.
import type { ActorKind } from "@/server/domain/actor";
import { allocate, settlementUnit } from "@/server/domain/money";
import { liveBookingStatuses, type BookingStatus, type ItemStatus } from "@/server/domain/statuses";
import { chargeCurrencies, cities, convertMinor } from "./catalog";
import type { Batch, Row } from "./load";
import { buildItems, compositions, DAY, feeAt, freeUntil, HOUR, MIN, type SeedItem } from "./items";
import { identityOf, ownerOf, travelersFor } from "./people";
import { Rng, referenceOf } from "./random";
import { demoFixtures } from "./fixtures";
import { derivedUuid } from "./gateway";
import { at, atOrNull, sideRecords, stripeId, unmatchedWebhook, type Extra } from "./records";
import { moneyRecords } from "./money-records";
import { fits, pickScenario, showcase } from "./scenarios";
import { localDayAt, localToUtc } from "@/server/domain/zones";

export type SeedContext = { seed: number; now: number };

export function generateBooking(ctx: SeedContext, i: number, out: Batch): void {
  const { seed, now } = ctx;
  const r = new Rng(seed, i);
  const show = showcase[i];

  // Who, where, what, when.
  const owner = ownerOf(i, seed);
  const person = owner ? identityOf(owner.key, seed) : null;
  const travelerCount = r.weighted([
    [1, 40],
    [2, 35],
    [3, 12],
    [4, 13],
  ] as const);
  const lead = person ?? identityOf(1_000_000_000 + i, seed);
  const email = lead.email;
  const travelers = travelersFor(r, { first: lead.first, last: lead.last }, email, i < 2 ? 1 : travelerCount);
  const categories = show?.categories ?? r.weighted(compositions);
  const currency = show?.currency ?? r.weighted(chargeCurrencies);
  const origin = lead.home;
  let dest = r.pick(cities);
  if (dest === origin) dest = cities[(cities.indexOf(origin) + 5) % cities.length];

  let created: number, lead_: number;
  if (show?.when === "past") {
    created = now - r.int(140, 200) * DAY;
    lead_ = r.int(30, 60) * DAY;
  } else if (show?.scenario === "pending") {
    created = now - r.int(10, 90) * MIN;
    lead_ = r.int(20, 40) * DAY;
  } else if (show) {
    created = now - r.int(5, 20) * DAY;
    lead_ = r.int(35, 60) * DAY;
  } else {
    // A growing business: more bookings recently than a year ago.
    created = now - Math.floor(365 * DAY * r.float() ** 2) - r.int(1, 59) * MIN;
    lead_ =
      r.weighted([
        [r.int(2, 14), 30],
        [r.int(15, 60), 45],
        [r.int(61, 180), 25],
      ] as const) * DAY;
  }
  const nights = r.weighted([
    [1, 10],
    [2, 15],
    [3, 20],
    [4, 15],
    [5, 12],
    [7, 18],
    [10, 6],
    [14, 4],
  ] as const);
  const items = buildItems(
    r,
    categories,
    {
      origin,
      dest,
      startBase: created + lead_,
      nights,
      travelers: travelers.length,
      leadName: `${lead.first} ${lead.last}`,
    },
    currency,
    { booking: i, seedPrefix: seed === 1 ? "" : `${seed.toString(36).toUpperCase()}-` },
  );
  const start = Math.min(...items.map((x) => x.startAt));
  const end = Math.max(...items.map((x) => x.endAt));
  const packaged = items.length > 1;

  // Money: the charge is allocated over the items by largest remainder (docs/architecture.md, "Money"), so the
  // shares add up to the charge to the minor unit; packages carry a small bundle discount.
  const sum = items.reduce((s, x) => s + x.weight, 0);
  // What a card network settles: three-decimal currencies are charged in tens of the minor unit.
  const unit = settlementUnit(currency);
  const total = Math.floor((packaged ? sum - Math.floor(sum / 20) : sum) / unit) * unit;
  allocate(
    total,
    items.map((x) => x.weight),
  ).forEach((s, k) => {
    items[k].share = s;
  });

  const phase = end < now - DAY ? "past" : end < now ? "ended" : start <= now ? "ongoing" : "upcoming";
  const picked =
    show?.scenario ??
    (now - created < 30 * MIN
      ? "pending"
      : pickScenario(r, phase, now - created < 6 * HOUR, packaged, categories.includes("flight")));

  const bookingId = r.uuid();
  const reference =
    i === 0 ? demoFixtures.traveler.reference : i === 1 ? demoFixtures.other.reference : referenceOf(i, seed);
  const chargeId = r.uuid();
  const chargeStripe = stripeId(r, "ch");
  const paymentMethod = r.weighted([
    ["card", 85],
    ["wallet", 10],
    ["bank_transfer", 5],
  ] as const);

  // ---- status story ----------------------------------------------------------------------
  const history: Row[] = [];
  let status = "pending" as BookingStatus,
    previous: BookingStatus | null = null,
    statusAt = created,
    reason = "Checkout completed";
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
  const moveBooking = (to: BookingStatus, when: number, by: ActorKind, why: string) => {
    hist(null, status, to, when, by, why);
    previous = status;
    status = to;
    statusAt = when;
    reason = why;
  };
  const moveItem = (it: SeedItem, to: ItemStatus, when: number, by: ActorKind, why: string, eventType?: string) => {
    hist(it.id, it.status, to, when, by, why, eventType);
    it.previous = it.status;
    it.status = to;
    it.statusAt = when;
  };
  hist(null, null, "pending", created, "system", reason);
  for (const it of items) {
    it.status = "pending";
    it.statusAt = created;
  }

  const confirmedAt = created + r.int(1, 25) * MIN;
  const ticketed = categories.includes("flight") && picked !== "pending" && (i === 0 || r.chance(0.65));
  if (picked !== "pending") {
    for (const it of items) {
      it.status = "confirmed";
      it.statusAt = confirmedAt;
    }
    moveBooking("confirmed", confirmedAt, "provider", "Every provider confirmed");
    if (ticketed) {
      const tAt = Math.min(confirmedAt + r.int(5, 180) * MIN, now - MIN);
      for (const it of items)
        if (it.category === "flight") moveItem(it, "ticketed", tAt, "provider", "Tickets issued", "booking.ticketed");
      moveBooking("ticketed", tAt, "provider", "Tickets issued");
    }
  }
  // Every later move happens after `ready` and, for things done before the trip, by `lastMoment`.
  const ready = statusAt + HOUR;
  const lastMoment = Math.min(now - 30 * MIN, start - HOUR);
  const between = (lo: number, hi: number) => (hi <= lo ? lo : lo + Math.floor(r.float() * (hi - lo)));
  const scenario = fits(picked, ready, lastMoment, now, phase) ? picked : "active";

  const extra: Extra = {
    alerts: [],
    followUps: [],
    comms: [],
    webhooks: [],
    refunds: [],
    requests: [],
    mods: [],
    payments: [],
    disputes: [],
  };
  const booking: Row = {};
  let cancelledBy: ActorKind | null = null,
    cancelledAt: number | null = null,
    cancellationReason: string | null = null;
  let completedAt: number | null = null;
  let feeCharges = 0;

  const { alert, followUp, comm, webhook } = sideRecords({
    r,
    now,
    bookingId,
    email,
    userId: person?.id ?? null,
    extra,
  });

  const { cancelItems, policyLine } = moneyRecords({
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
  });

  const complete = (when: number) => {
    for (const it of items)
      if (it.status !== "cancelled" && it.status !== "provider_cancelled")
        moveItem(it, "completed", when, "system", "Travel ended");
    moveBooking("completed", when, "system", "Travel ended");
    completedAt = when;
    if (when + DAY < now) comm("review_request", `How was your trip to ${dest.city}?`, when + DAY, "review_request");
  };
  const dispute = (open: boolean, outcome?: "won" | "lost") => {
    const base = statusAt;
    const due = open
      ? i === 4
        ? now + 40 * HOUR
        : now + r.int(12, 240) * HOUR
      : Math.min(now - DAY, base + r.int(10, 30) * DAY);
    const opened = Math.max(base + HOUR, Math.min(due - 21 * DAY, now - 2 * HOUR));
    const id = r.uuid();
    const submitted = !open || r.chance(0.3);
    const disputeStatus = outcome ?? (submitted ? "under_review" : "needs_response");
    const before = status;
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
        feeCharges += fee;
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
      cancelledBy = "traveler";
      cancelledAt = when + MIN;
      cancellationReason = "Cancelled at the traveler's request";
      moveBooking("cancelled", cancelledAt, "traveler", cancellationReason);
      if (refundedAt !== null && refundMinor === total)
        moveBooking("refunded", Math.max(refundedAt, cancelledAt + 1000), "system", "Refunded in full");
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
        cancelledBy = "provider";
        cancelledAt = when + MIN;
        cancellationReason = "Provider cancelled";
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

  // ---- rows ----------------------------------------------------------------------------
  if (owner?.isNew && person) {
    out.users.push({
      id: person.id,
      email: person.email,
      name: `${person.first} ${person.last}`,
      email_verified: at(created - DAY),
      role: "traveler",
      timezone: person.home.zone,
      created_at: at(created - DAY),
    });
  }
  let tripId: string | null = null;
  if (person && packaged && r.chance(0.3)) {
    tripId = r.uuid();
    out.trips.push({
      id: tripId,
      user_id: person.id,
      name: `${dest.city}, ${new Date(start).toISOString().slice(0, 7)}`,
      created_at: at(created),
    });
  }
  const active = status === "pending" || liveBookingStatuses.includes(status);
  const deadline = freeUntil(items);
  const upcoming = start > now;
  // Reminders go out at 9:00 in the zone the trip starts in, a week before (docs/architecture.md, "Reminders").
  const reminderAt = localToUtc(localDayAt(start - 7 * DAY, items[0].startZone, 0, 9), items[0].startZone);
  const reminded = status !== "pending" && reminderAt < now && (cancelledAt === null || cancelledAt > reminderAt);
  if (status !== "pending")
    comm("confirmation_email", `Booking confirmed: ${reference}`, confirmedAt + MIN, "confirmation_email");
  if (reminded) comm("trip_reminder", `Your trip to ${dest.city} is in a week`, reminderAt, "trip_reminder:7d");

  out.bookings.push({
    id: bookingId,
    user_id: person && owner ? person.id : null,
    trip_id: tripId,
    booking_reference: reference,
    booking_type: packaged ? "package" : "single",
    status,
    previous_status: previous,
    status_changed_at: at(statusAt),
    status_change_reason: reason,
    total_minor: total,
    currency,
    paid_minor: total + feeCharges,
    travelers,
    contact_info: {
      email,
      name: `${lead.first} ${lead.last}`,
      phone: `+1555${String(1_000_000 + (i % 9_000_000)).slice(-7)}`,
    },
    contact_email: email,
    lead_last_name: lead.last,
    travel_start_at: at(start),
    travel_end_at: at(end),
    is_cancelled: status === "cancelled" || status === "refunded",
    cancelled_at: atOrNull(cancelledAt),
    cancelled_by: cancelledBy,
    cancellation_reason: cancellationReason,
    is_refundable: deadline !== null,
    refund_deadline: atOrNull(deadline),
    is_modifiable: active && upcoming && start - now > DAY,
    modification_deadline: at(start - DAY),
    modification_count: 0,
    confirmation_sent: status !== "pending",
    confirmation_sent_at: status !== "pending" ? at(confirmedAt + MIN) : null,
    reminder_sent: reminded,
    reminder_sent_at: reminded ? at(reminderAt) : null,
    has_issue: false,
    issue_type: null,
    issue_description: null,
    issue_resolved: false,
    issue_resolved_at: null,
    has_dispute: false,
    dispute_id: null,
    status_before_dispute: null,
    last_synced_at: active ? at(now - r.int(5, 360) * MIN) : at(statusAt),
    sync_status: "synced",
    sync_error: null,
    sync_failures: 0,
    source: r.pick(["web", "web", "ios", "android"]),
    utm_source: r.pick([null, "google", "newsletter", "partner"]),
    utm_campaign: r.pick([null, "winter-sun", "city-breaks"]),
    created_at: at(created),
    updated_at: at(Math.max(statusAt, created)),
    completed_at: atOrNull(completedAt),
    ...booking,
  });
  for (const it of items) {
    out.booking_items.push({
      id: it.id,
      booking_id: bookingId,
      category: it.category,
      provider_code: it.provider.code,
      provider_booking_id: it.providerBookingId,
      provider_confirmation_number: it.confirmation,
      status: it.status,
      previous_status: it.previous,
      status_changed_at: at(it.statusAt),
      item_details: it.details,
      price_minor: convertPrice(it, currency),
      price_currency: it.provider.currency,
      charge_share_minor: it.share,
      start_at: at(it.startAt),
      end_at: at(it.endAt),
      start_zone: it.startZone,
      end_zone: it.endZone,
      traveler_indices: it.travelerIndices,
      depends_on_item_id: it.dependsOn ?? null,
      cancellation_policy: it.policy,
      is_cancelled: !!it.cancel,
      cancelled_at: atOrNull(it.cancel?.at),
      cancellation_fee_minor: it.cancel?.fee ?? null,
      refund_minor: it.cancel?.refund ?? null,
      last_synced_at: at(it.syncError ? now - 30 * HOUR : Math.max(it.statusAt, now - r.int(5, 360) * MIN)),
      provider_status: it.status.toUpperCase(),
      sync_error: it.syncError ?? null,
      original_details: it.originalDetails ?? null,
      schedule_change_detected_at: atOrNull(it.scheduleChangeAt),
      schedule_change_acknowledged: !!it.scheduleChangeAt && it.status !== "schedule_changed",
      created_at: at(created),
      updated_at: at(it.statusAt),
    });
  }
  out.booking_status_history.push(...history);
  out.payment_transactions.push(
    {
      id: chargeId,
      booking_id: bookingId,
      kind: "charge",
      status: "succeeded",
      method: paymentMethod,
      amount_minor: total,
      currency,
      gateway: "local",
      stripe_payment_intent_id: stripeId(r, "pi"),
      stripe_charge_id: chargeStripe,
      created_at: at(created),
      updated_at: at(created),
      // The card saved at checkout (Stripe's test card on the local gateway): change fees are charged to it.
      stripe_payment_method_id: paymentMethod === "bank_transfer" ? null : "pm_card_visa",
    },
    ...extra.payments,
  );
  out.cancellation_requests.push(...extra.requests);
  out.refunds.push(...extra.refunds);
  out.disputes.push(...extra.disputes);
  out.booking_modifications.push(...extra.mods);
  out.booking_communications.push(...extra.comms);
  out.provider_webhooks.push(...extra.webhooks);
  out.alerts.push(...extra.alerts);
  out.manual_follow_ups.push(...extra.followUps);
  if (i % 150 === 75) unmatchedWebhook(r, i, now, out);
}

/** The provider's own price in its currency; the traveler's share stays in the booking currency. */
const convertPrice = (it: SeedItem, currency: string) => convertMinor(it.weight, currency, it.provider.currency);

// The rows of one demo booking once its story is told (db/seed/booking.ts): the traveler and trip,
// the booking and its items, the history, the charge and everything the story left in `extra`.
import { liveBookingStatuses } from "@/server/domain/statuses";
import { localDayAt, localToUtc } from "@/server/domain/zones";
import { convertMinor, type City } from "./catalog";
import { DAY, freeUntil, HOUR, MIN, type SeedItem } from "./items";
import type { Batch, Row } from "./load";
import type { Identity, ownerOf, travelersFor } from "./people";
import type { Rng } from "./random";
import { at, atOrNull, stripeId, unmatchedWebhook, type Extra, type sideRecords } from "./records";
import type { StoryState } from "./booking-story";

export type BookingRows = {
  r: Rng;
  now: number;
  i: number;
  owner: ReturnType<typeof ownerOf>;
  person: Identity | null;
  lead: Identity;
  email: string;
  travelers: ReturnType<typeof travelersFor>;
  dest: City;
  created: number;
  start: number;
  end: number;
  packaged: boolean;
  items: SeedItem[];
  bookingId: string;
  reference: string;
  currency: string;
  total: number;
  chargeId: string;
  chargeStripe: string;
  paymentMethod: string;
  confirmedAt: number;
  s: StoryState;
  history: Row[];
  extra: Extra;
  comm: ReturnType<typeof sideRecords>["comm"];
};

export function writeBookingRows(p: BookingRows, out: Batch): void {
  const { r, now, i, owner, person, lead, email, travelers, dest, created, start, end, packaged, items } = p;
  const { bookingId, reference, currency, total, chargeId, chargeStripe, paymentMethod, confirmedAt } = p;
  const { history, extra, comm } = p;
  const {
    status,
    previous,
    statusAt,
    reason,
    cancelledBy,
    cancelledAt,
    cancellationReason,
    completedAt,
    feeCharges,
    booking,
  } = p.s;
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

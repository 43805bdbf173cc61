// One demo booking and everything that happened to it, as rows. Each booking is a short story
// (a scenario) played forward in time from its creation to `now`; every status change goes
// through the same moves the booking and item machines allow and leaves its history row, so
// the data reads like the product had been running for a year.
import { allocate, settlementUnit } from "@/server/domain/money";
import { chargeCurrencies, cities } from "./catalog";
import type { Batch } from "./load";
import { buildItems, compositions, DAY, HOUR, MIN } from "./items";
import { identityOf, ownerOf, travelersFor } from "./people";
import { Rng, referenceOf } from "./random";
import { demoFixtures } from "./fixtures";
import { sideRecords, stripeId, type Extra } from "./records";
import { moneyRecords } from "./money-records";
import { fits, pickScenario, showcase } from "./scenarios";
import { startStory } from "./booking-story";
import { playScenario } from "./booking-scenarios";
import { writeBookingRows } from "./booking-rows";

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

  // ---- status story (db/seed/booking-story.ts) -------------------------------------------
  const { s, history, moveBooking, moveItem } = startStory({ r, bookingId, items, created });

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
  const ready = s.statusAt + HOUR;
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

  playScenario({
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
    scenario,
    phase,
    lead,
    start,
    end,
    cancelItems,
    policyLine,
  });

  // ---- rows (db/seed/booking-rows.ts) ----------------------------------------------------
  writeBookingRows(
    {
      r,
      now,
      i,
      owner,
      person,
      lead,
      email,
      travelers,
      dest,
      created,
      start,
      end,
      packaged,
      items,
      bookingId,
      reference,
      currency,
      total,
      chargeId,
      chargeStripe,
      paymentMethod,
      confirmedAt,
      s,
      history,
      extra,
      comm,
    },
    out,
  );
}

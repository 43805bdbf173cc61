// A simulated month (issue 15): the default monthly rates (rates.ts) applied to a population of
// live bookings, hour by hour: each hour's traveler actions and provider events in random order,
// then the scheduled functions' work at that hour. Reports the share of bookings that needed a
// human (a follow-up or an alert tied to the booking, opened during the month).
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { Rng } from "@/db/seed/random";
import { checkInvariants, touchedSince, writeMark } from "./invariants";
import { monthlyRates, travelerBehaviour } from "./rates";
import { World } from "./world";

type Event =
  | { hour: number; kind: "cancel"; bookingId: string; everything: boolean; confirm: boolean }
  | { hour: number; kind: "name_change"; bookingId: string }
  | { hour: number; kind: "dispute"; bookingId: string }
  | { hour: number; kind: "schedule_change"; itemId: string; deltaMinutes: number }
  | { hour: number; kind: "answer_change"; itemId: string; refuse: boolean }
  | { hour: number; kind: "provider_cancel"; itemId: string }
  | { hour: number; kind: "outage"; provider: string; on: boolean };

export type MonthResult = {
  population: number;
  seeded: number;
  days: number;
  hoursRun: number;
  events: Record<string, number>;
  needingHuman: number;
  share: number;
  byReason: Record<string, number>;
  stats: Record<string, number>;
  ms: number;
};

/** The month's plan: which booking or item meets what, and when (an hour of the month). */
export function planMonth(
  rng: Rng,
  days: number,
  bookings: { id: string; items: { id: string; category: string }[] }[],
  providers: string[],
): Event[] {
  const hours = days * 24;
  const at = () => rng.int(0, hours - 1);
  const r = monthlyRates,
    t = travelerBehaviour;
  const plan: Event[] = [];
  for (const b of bookings) {
    if (rng.chance(r.travelerCancellationPerBooking))
      plan.push({
        hour: at(),
        kind: "cancel",
        bookingId: b.id,
        everything: b.items.length === 1 || rng.chance(t.cancelsEverything),
        confirm: rng.chance(t.confirmsQuote),
      });
    if (rng.chance(r.travelerChangePerBooking)) plan.push({ hour: at(), kind: "name_change", bookingId: b.id });
    if (rng.chance(r.disputePerBooking)) plan.push({ hour: at(), kind: "dispute", bookingId: b.id });
    for (const i of b.items) {
      if (i.category === "flight" && rng.chance(r.scheduleChangePerFlightItem)) {
        const significant = rng.chance(r.significantShareOfScheduleChanges);
        // Significant: the outbound flight departs 6 h+ earlier (14 CFR 260.2, domestic or international).
        const hour = at();
        plan.push({
          hour,
          kind: "schedule_change",
          itemId: i.id,
          deltaMinutes: significant ? rng.pick([-380, -420, -480]) : rng.pick([-45, 20, 35, 60, 90, 120]),
        });
        if (rng.chance(t.answersScheduleChange))
          plan.push({
            hour: Math.min(hours - 1, hour + rng.int(1, 72)),
            kind: "answer_change",
            itemId: i.id,
            refuse: rng.chance(t.refusesSignificantChange),
          });
      }
      if (rng.chance(r.providerCancellationPerItem)) plan.push({ hour: at(), kind: "provider_cancel", itemId: i.id });
    }
  }
  // One provider down for an hour each whole week.
  for (let w = 0; w < Math.floor(days / 7); w++) {
    const hour = w * 168 + rng.int(0, 167 - r.providerOutageHoursPerWeek);
    const provider = rng.pick(providers);
    plan.push(
      { hour, kind: "outage", provider, on: true },
      { hour: hour + r.providerOutageHoursPerWeek, kind: "outage", provider, on: false },
    );
  }
  return plan;
}

export async function runMonth(
  db: Db,
  opts: { seed: number; population: number; seeded: number; days: number; log?: (s: string) => void },
): Promise<MonthResult> {
  const t0 = performance.now();
  const log = opts.log ?? (() => {});
  const started = (await db.execute<{ now: string }>(sql`select now()::text as now`))[0].now;
  const live = (await db.execute<{ id: string; items: { id: string; category: string }[] }>(sql`
    select b.id, json_agg(json_build_object('id', i.id, 'category', i.category) order by i.id) as items
    from bookings b join booking_items i on i.booking_id = b.id
    where b.status in ('confirmed', 'ticketed', 'modified') and b.travel_start_at > now()
    group by b.id order by b.id limit ${opts.population}`)) as unknown as {
    id: string;
    items: { id: string; category: string }[];
  }[];
  const providers = (
    await db.execute<{ code: string }>(sql`select provider_code as code from sandbox_provider_settings order by 1`)
  ).map((p) => p.code);
  const rng = new Rng(opts.seed);
  const plan = planMonth(rng, opts.days, live, providers);
  const events: Record<string, number> = {};
  for (const e of plan) events[e.kind] = (events[e.kind] ?? 0) + 1;
  log(
    `month: ${live.length} live bookings (of ${opts.seeded} seeded), ${plan.length} events planned: ${JSON.stringify(events)}`,
  );

  // An hour-long outage outlasts process-cancellation's retries (about a minute): its last attempt fails.
  const world = new World(db, rng, {
    finalAttempt: 1,
    bounce: monthlyRates.bouncePerEmail,
    failFirstRefund: monthlyRates.failedFirstRefundAttempt,
    batch: 10_000,
  });
  const start = Date.now();
  const byHour = new Map<number, Event[]>();
  for (const e of plan) byHour.set(e.hour, [...(byHour.get(e.hour) ?? []), e]);
  const hours = opts.days * 24;
  for (let h = 0; h < hours; h++) {
    world.clock = () => new Date(start + h * 3_600_000);
    const mark = await writeMark(db);
    const due = byHour.get(h) ?? [];
    // Within the hour, in random order: a deployment sees them interleaved.
    for (let k = due.length - 1; k > 0; k--) {
      const j = rng.int(0, k);
      [due[k], due[j]] = [due[j], due[k]];
    }
    for (const e of due) await apply(world, e);
    // The scheduled functions at this hour (their own triggers would run them sooner; the order is one they can take).
    await world.cancellationsJob();
    await world.refundsJob();
    await world.gatewayEvents();
    await world.commsJob();
    await world.scheduleWatch();
    if (h % 24 === 23) {
      await world.completion();
      await world.disputeDeadlines(0);
    }
    await world.timePasses(); // an hour: refund backoffs and message retries fall due
    const broken = await checkInvariants(db, {
      bookingIds: h % 48 === 47 || h === hours - 1 ? null : await touchedSince(db, mark),
    });
    if (broken.length)
      throw new Error(`Month failed: seed ${opts.seed}, hour ${h}:\n  ${broken.slice(0, 20).join("\n  ")}`);
    if (h % 72 === 71) log(`month: day ${(h + 1) / 24} done (${Math.round((performance.now() - t0) / 1000)} s)`);
  }
  for (const p of [...world.down]) await world.outage(p, false);

  const ids = `{${live.map((b) => b.id).join(",")}}`;
  const reasons = (await db.execute<{ reason: string; bookings: number }>(sql`
    with pop as (select unnest(${ids}::uuid[]) as id),
    asked as (
      select f.booking_id, 'follow-up: ' || f.kind as reason from manual_follow_ups f where f.created_at >= ${started}::timestamptz
      union all select a.booking_id, 'alert: ' || a.source from alerts a where a.created_at >= ${started}::timestamptz
    )
    select reason, count(distinct booking_id)::int as bookings from asked where booking_id in (select id from pop) group by 1 order by 2 desc`)) as unknown as {
    reason: string;
    bookings: number;
  }[];
  const [{ n }] = (await db.execute<{ n: number }>(sql`
    with pop as (select unnest(${ids}::uuid[]) as id)
    select count(*)::int as n from pop where exists (select 1 from manual_follow_ups f where f.booking_id = pop.id and f.created_at >= ${started}::timestamptz)
      or exists (select 1 from alerts a where a.booking_id = pop.id and a.created_at >= ${started}::timestamptz)`)) as unknown as {
    n: number;
  }[];
  return {
    population: live.length,
    seeded: opts.seeded,
    days: opts.days,
    hoursRun: hours,
    events,
    needingHuman: n,
    share: live.length ? n / live.length : 0,
    byReason: Object.fromEntries(reasons.map((r) => [r.reason, r.bookings])),
    stats: world.stats,
    ms: Math.round(performance.now() - t0),
  };
}

async function apply(w: World, e: Event): Promise<string> {
  switch (e.kind) {
    case "cancel":
      return w.travelerCancel(e.bookingId, e.everything, e.confirm);
    case "name_change":
      return w.nameChange(e.bookingId);
    case "dispute":
      return w.dispute(e.bookingId);
    case "schedule_change": {
      const [i] = await w.rows<{
        live: boolean;
      }>(sql`select i.status in ('confirmed', 'ticketed', 'modified', 'schedule_changed') and b.status in ('confirmed', 'ticketed', 'modified', 'partially_cancelled') as live
        from booking_items i join bookings b on b.id = i.booking_id where i.id = ${e.itemId}`);
      return i?.live ? w.providerEvent("schedule_change", e.itemId, e.deltaMinutes) : "item no longer live";
    }
    case "provider_cancel": {
      const [i] = await w.rows<{ live: boolean }>(
        sql`select status in ('confirmed', 'ticketed', 'modified', 'schedule_changed') as live from booking_items where id = ${e.itemId}`,
      );
      return i?.live ? w.providerEvent("cancellation", e.itemId) : "item no longer live";
    }
    case "answer_change": {
      const [i] = await w.rows<{ eligible: boolean }>(
        sql`select refund_eligible as eligible from booking_items where id = ${e.itemId} and status = 'schedule_changed'`,
      );
      if (!i) return "no change waiting";
      return w.respondScheduleChange(e.itemId, i.eligible && e.refuse ? "reject" : "accept");
    }
    case "outage":
      return w.outage(e.provider, e.on);
  }
}

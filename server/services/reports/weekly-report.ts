import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { weeklyReports } from "@/db/schema";

export type MoneyLine = { currency: string; revenueMinor: number; refundedMinor: number; netMinor: number };
export type WeeklyFigures = {
  weekStart: string;
  weekEnd: string;
  bookings: number;
  perDay: { day: string; bookings: number }[];
  money: MoneyLine[];
  cancellations: number;
  providerCancellations: number;
  scheduleChanges: number;
  refunds: { succeeded: number; failed: number };
  disputes: { opened: number; won: number; lost: number };
  alerts: { raised: number; critical: number };
  followUps: { opened: number; resolved: number };
};

const DAY = 86_400_000;
/** The Monday (UTC) of the week before `now`: the last whole week. */
export function lastWeekStart(now: Date): string {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const monday = today - ((new Date(today).getUTCDay() + 6) % 7) * DAY;
  return new Date(monday - 7 * DAY).toISOString().slice(0, 10);
}

/**
 * The week's figures, money per currency (never summed across currencies): revenue is what was
 * charged for bookings made that week, refunded what actually went back that week.
 */
export async function weeklyFigures(db: Db, weekStart: string): Promise<WeeklyFigures> {
  const from = `${weekStart}T00:00:00Z`,
    to = new Date(Date.parse(from) + 7 * DAY).toISOString();
  const q = async <T>(query: ReturnType<typeof sql>) =>
    [...(await db.execute<T & Record<string, unknown>>(query))] as T[];
  const [perDay, money, [counts]] = await Promise.all([
    // One range read of the week's bookings (idx_bookings_created), counted per day, then laid on
    // the week's seven days (a join per day would read the index once per day, or the table whole).
    q<{ day: string; bookings: number }>(sql`with b as (
        select date_bin(interval '1 day', created_at, ${from}::timestamptz) as d, count(*)::int as n
        from bookings where created_at >= ${from} and created_at < ${to} group by 1)
      select to_char(d, 'YYYY-MM-DD') as day, coalesce(b.n, 0) as bookings
      from generate_series(${from}::timestamptz, ${to}::timestamptz - interval '1 day', interval '1 day') d
      left join b using (d) order by d`),
    q<{
      currency: string;
      revenue: string;
      refunded: string;
    }>(sql`select currency, sum(revenue)::text as revenue, sum(refunded)::text as refunded from (
        select currency, paid_minor as revenue, 0 as refunded from bookings where created_at >= ${from} and created_at < ${to}
        union all
        select currency, 0, amount_minor from refunds where status = 'succeeded' and processed_at >= ${from} and processed_at < ${to}
      ) m group by currency order by currency`),
    q<Record<string, number>>(sql`select
      (select count(*)::int from cancellation_requests where completed_at >= ${from} and completed_at < ${to}) as cancellations,
      (select count(*)::int from booking_status_history where to_status = 'provider_cancelled' and created_at >= ${from} and created_at < ${to}) as provider_cancellations,
      (select count(*)::int from booking_status_history where to_status = 'schedule_changed' and created_at >= ${from} and created_at < ${to}) as schedule_changes,
      (select count(*)::int from refunds where status = 'succeeded' and processed_at >= ${from} and processed_at < ${to}) as refunds_succeeded,
      (select count(*)::int from refunds where status = 'failed' and updated_at >= ${from} and updated_at < ${to}) as refunds_failed,
      (select count(*)::int from disputes where created_at >= ${from} and created_at < ${to}) as disputes_opened,
      (select count(*)::int from disputes where outcome = 'won' and resolved_at >= ${from} and resolved_at < ${to}) as disputes_won,
      (select count(*)::int from disputes where outcome = 'lost' and resolved_at >= ${from} and resolved_at < ${to}) as disputes_lost,
      (select count(*)::int from alerts where created_at >= ${from} and created_at < ${to}) as alerts,
      (select count(*)::int from alerts where severity = 'critical' and created_at >= ${from} and created_at < ${to}) as critical,
      (select count(*)::int from manual_follow_ups where created_at >= ${from} and created_at < ${to}) as follow_ups_opened,
      (select count(*)::int from manual_follow_ups where resolved and resolved_at >= ${from} and resolved_at < ${to}) as follow_ups_resolved`),
  ]);
  return {
    weekStart,
    weekEnd: new Date(Date.parse(to) - DAY).toISOString().slice(0, 10),
    bookings: perDay.reduce((n, d) => n + d.bookings, 0),
    perDay,
    money: money.map((m) => ({
      currency: m.currency,
      revenueMinor: Number(m.revenue),
      refundedMinor: Number(m.refunded),
      netMinor: Number(m.revenue) - Number(m.refunded),
    })),
    cancellations: counts.cancellations,
    providerCancellations: counts.provider_cancellations,
    scheduleChanges: counts.schedule_changes,
    refunds: { succeeded: counts.refunds_succeeded, failed: counts.refunds_failed },
    disputes: { opened: counts.disputes_opened, won: counts.disputes_won, lost: counts.disputes_lost },
    alerts: { raised: counts.alerts, critical: counts.critical },
    followUps: { opened: counts.follow_ups_opened, resolved: counts.follow_ups_resolved },
  };
}

/** Compiles the week once (a rerun keeps the first figures, so what was sent is what is shown). */
export async function compileWeeklyReport(db: Db, weekStart: string) {
  const figures = await weeklyFigures(db, weekStart);
  await db
    .insert(weeklyReports)
    .values({ weekStart, figures })
    .onConflictDoNothing({ target: weeklyReports.weekStart });
  const [row] = await db.select().from(weeklyReports).where(eq(weeklyReports.weekStart, weekStart));
  return row;
}

export async function listWeeklyReports(db: Db, limit = 12) {
  return db
    .select()
    .from(weeklyReports)
    .orderBy(sql`${weeklyReports.weekStart} desc`)
    .limit(limit);
}

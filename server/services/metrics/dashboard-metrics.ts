import type { SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { BookingStatus } from "@/server/domain/statuses";
import { providerHealth } from "@/server/domain/provider-health";
import { compactRollups } from "./compact-rollups";
import { metricsQueries } from "./queries";

/** Deltas beyond this are folded into the rollup before the next read (README.md). */
export const COMPACT_AFTER_DELTAS = 2_000;

export type CurrencyFigures = {
  currency: string;
  /** Integer minor units of `currency`: never summed across currencies. */
  revenueMinor: number;
  refundedMinor: number;
  netMinor: number;
  monthRevenueMinor: number;
  monthRefundedMinor: number;
  monthNetMinor: number;
  bookings: number;
};

export type DashboardMetrics = Awaited<ReturnType<typeof getDashboardMetrics>>;

const int = (v: unknown) => {
  const n = Number(v ?? 0);
  if (!Number.isSafeInteger(n)) throw new RangeError(`Not a safe integer: ${String(v)}`);
  return n;
};
const ratio = (num: number, den: number) => (den === 0 ? null : num / den);

/**
 * The spec's BookingMetrics, from the rollups (volume, status, money, rates, timings) and small
 * indexed counts (queues, provider calls): no query counts the bookings table.
 */
/**
 * What the cancellation rate counts (issue 23): a cancelled booking moves on to `refunded` once its
 * money is back, and a partial cancellation is one too, so counting `cancelled` alone made the rate
 * fall as refunds completed. (A booking refunded by a lost chargeback counts as well: the rollups
 * are per status, and that booking is lost business just the same.)
 */
export const cancellationCounted: readonly BookingStatus[] = ["cancelled", "partially_cancelled", "refunded"];

export async function getDashboardMetrics(db: Db, { now = new Date() }: { now?: Date } = {}) {
  const q = metricsQueries(now);
  const run = <T>(s: SQL) => db.execute(s) as unknown as Promise<T[]>;
  const [bookings, daily, [timing], [queues], providers] = await Promise.all([
    run<Record<string, string>>(q.bookings),
    run<{ day: string; bookings: string }>(q.daily),
    run<{ timings: Record<string, { n: number; seconds: number }> | null; deltas: number }>(q.timings),
    run<{ pending_cancellations: number; pending_refunds: number; active_disputes: number; critical_alerts: number }>(
      q.queues,
    ),
    run<{ code: string; name: string; category: string; calls: number; ok: number }>(q.providers),
  ]);
  // Keeps reads bounded: the next request sums a short delta list again.
  if (timing.deltas > COMPACT_AFTER_DELTAS) await compactRollups(db);

  const statusBreakdown: Partial<Record<BookingStatus, number>> = {};
  const perCurrency = new Map<string, CurrencyFigures>();
  let total = 0,
    today = 0,
    week = 0,
    month = 0,
    disputed = 0,
    openIssues = 0,
    cancelled = 0;
  for (const r of bookings) {
    const n = int(r.total);
    total += n;
    today += int(r.today);
    week += int(r.week);
    month += int(r.month);
    disputed += int(r.disputed);
    openIssues += int(r.open_issues);
    if (cancellationCounted.includes(r.status as BookingStatus)) cancelled += n;
    const s = r.status as BookingStatus;
    statusBreakdown[s] = (statusBreakdown[s] ?? 0) + n;
    const c = perCurrency.get(r.currency) ?? {
      currency: r.currency,
      revenueMinor: 0,
      refundedMinor: 0,
      netMinor: 0,
      monthRevenueMinor: 0,
      monthRefundedMinor: 0,
      monthNetMinor: 0,
      bookings: 0,
    };
    c.revenueMinor += int(r.paid);
    c.refundedMinor += int(r.refunded);
    c.monthRevenueMinor += int(r.paid_month);
    c.monthRefundedMinor += int(r.refunded_month);
    c.bookings += n;
    perCurrency.set(r.currency, c);
  }
  for (const c of perCurrency.values()) {
    c.netMinor = c.revenueMinor - c.refundedMinor;
    c.monthNetMinor = c.monthRevenueMinor - c.monthRefundedMinor;
  }

  const t = timing.timings ?? {};
  const avg = (m: string) => (t[m] && Number(t[m].n) > 0 ? Number(t[m].seconds) / Number(t[m].n) : null);
  const refundSeconds = avg("refund");
  return {
    asOf: now,
    totalBookings: total,
    bookingsToday: today,
    bookingsThisWeek: week,
    bookingsThisMonth: month,
    statusBreakdown,
    openIssues,
    criticalIssues: queues.critical_alerts,
    pendingCancellations: queues.pending_cancellations,
    pendingRefunds: queues.pending_refunds,
    activeDisputes: queues.active_disputes,
    /** Seconds from booking to confirmation, bookings confirmed in the last 30 days. */
    avgConfirmationSeconds: avg("confirmation"),
    /** Hours from refund request to success, refunds paid in the last 30 days. */
    avgRefundHours: refundSeconds == null ? null : refundSeconds / 3600,
    /** Shares of all bookings (0..1): cancelled, partially cancelled or refunded; ever disputed. */
    cancellationRate: ratio(cancelled, total),
    disputeRate: ratio(disputed, total),
    revenue: [...perCurrency.values()].sort((a, b) => b.bookings - a.bookings || a.currency.localeCompare(b.currency)),
    daily: daily.map((d) => ({ day: d.day, bookings: int(d.bookings) })),
    providers: providers.map((p) => ({ ...p, health: providerHealth(p.calls, p.ok) })),
  };
}

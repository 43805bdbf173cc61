import Link from "next/link";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { formatMoney } from "@/server/domain/money";
import type { DashboardMetrics } from "@/server/services/metrics/dashboard-metrics";

const n = (v: number) => v.toLocaleString("en-US");
const pct = (v: number | null) => (v == null ? "—" : `${(v * 100).toFixed(2)}%`);
const duration = (seconds: number | null) => {
  if (seconds == null) return "—";
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
};

function Tile({ label, value, href, hint }: { label: string; value: ReactNode; href?: string; hint?: string }) {
  const body = (
    <>
      <div className="text-2xl font-semibold tabular-nums">{value}</div>
      <div className="text-sm text-slate-500">{label}</div>
      {hint && <div className="text-xs text-slate-400">{hint}</div>}
    </>
  );
  const cls = "block rounded-lg border border-slate-200 bg-white p-4 shadow-sm";
  return href ? (
    <Link href={href} className={`${cls} hover:border-slate-400`}>
      {body}
    </Link>
  ) : (
    <div className={cls}>{body}</div>
  );
}

export function VolumeTiles({ m }: { m: DashboardMetrics }) {
  return (
    <section className="grid grid-cols-2 gap-3 md:grid-cols-4" aria-label="Volume">
      <Tile label="Bookings today" value={n(m.bookingsToday)} hint="UTC day" />
      <Tile label="This week" value={n(m.bookingsThisWeek)} hint="since Monday, UTC" />
      <Tile label="This month" value={n(m.bookingsThisMonth)} />
      <Tile label="All bookings" value={n(m.totalBookings)} href="/ops/bookings" />
    </section>
  );
}

export function IssueTiles({ m }: { m: DashboardMetrics }) {
  return (
    <section className="grid grid-cols-2 gap-3 md:grid-cols-5" aria-label="Issues">
      <Tile label="Open issues" value={n(m.openIssues)} href="/ops/bookings?open=issue" />
      <Tile label="Critical alerts" value={n(m.criticalIssues)} href="/ops/alerts?severity=critical" />
      <Tile label="Pending cancellations" value={n(m.pendingCancellations)} href="/ops/bookings?open=cancellation" />
      <Tile label="Pending refunds" value={n(m.pendingRefunds)} href="/ops/refunds" />
      <Tile label="Active disputes" value={n(m.activeDisputes)} href="/ops/disputes" />
    </section>
  );
}

export function PerformanceTiles({ m }: { m: DashboardMetrics }) {
  return (
    <section className="grid grid-cols-2 gap-3 md:grid-cols-4" aria-label="Performance">
      <Tile label="Avg. confirmation time" value={duration(m.avgConfirmationSeconds)} hint="last 30 days" />
      <Tile
        label="Avg. refund time"
        value={m.avgRefundHours == null ? "—" : `${m.avgRefundHours.toFixed(1)} h`}
        hint="last 30 days"
      />
      <Tile label="Cancellation rate" value={pct(m.cancellationRate)} hint="all bookings" />
      <Tile label="Dispute rate" value={pct(m.disputeRate)} hint="all bookings" />
    </section>
  );
}

/** Money per currency, formatted from integer minor units; currencies are never added together. */
export function RevenueTable({ m }: { m: DashboardMetrics }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-slate-200 text-sm" aria-label="Revenue per currency">
        <thead className="bg-slate-50 text-left text-slate-600">
          <tr>
            <th className="px-3 py-2 font-medium">Currency</th>
            <th className="px-3 py-2 text-right font-medium">Revenue</th>
            <th className="px-3 py-2 text-right font-medium">Refunded</th>
            <th className="px-3 py-2 text-right font-medium">Net</th>
            <th className="px-3 py-2 text-right font-medium">Net this month</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 tabular-nums">
          {m.revenue.map((c) => (
            <tr key={c.currency}>
              <td className="px-3 py-2 font-mono">{c.currency}</td>
              <td className="px-3 py-2 text-right">{formatMoney(c.revenueMinor, c.currency)}</td>
              <td className="px-3 py-2 text-right">{formatMoney(c.refundedMinor, c.currency)}</td>
              <td className="px-3 py-2 text-right font-medium">{formatMoney(c.netMinor, c.currency)}</td>
              <td className="px-3 py-2 text-right">{formatMoney(c.monthNetMinor, c.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ProviderHealth({ m }: { m: DashboardMetrics }) {
  return (
    <ul className="grid grid-cols-2 gap-2 md:grid-cols-4" aria-label="Provider health">
      {m.providers.map((p) => (
        <li key={p.code}>
          <Link
            href="/ops/providers"
            className="flex items-center justify-between rounded-md border border-slate-200 bg-white px-3 py-2 text-sm hover:border-slate-400"
          >
            <span>
              {p.name}
              <span className="block text-xs text-slate-500">
                {p.calls ? `${p.ok}/${p.calls} calls ok, 15 min` : "no calls in 15 min"}
              </span>
            </span>
            <Badge value={p.health} />
          </Link>
        </li>
      ))}
    </ul>
  );
}

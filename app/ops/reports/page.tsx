import { Fragment } from "react";
import { PageHeader } from "@/components/ui/data-table";
import { money } from "@/components/ui/format";
import type { WeeklyFigures } from "@/server/services/reports/weekly-report";
import { opsCaller } from "@/server/trpc/server";

export const metadata = { title: "Weekly reports" };

/** The weekly report as the founder receives it by e-mail, the week in progress first. */
export default async function ReportsPage() {
  const api = await opsCaller();
  const [current, past] = await Promise.all([api.ops.reports.current(), api.ops.reports.list()]);
  return (
    <div className="space-y-6">
      <PageHeader title="Weekly reports" />
      <Report title={`This week so far (from ${current.weekStart})`} f={current} />
      {past.map((r) => (
        <Report
          key={r.id}
          title={`Week of ${r.weekStart}${r.sentAt ? " · e-mailed" : ""}`}
          f={r.figures as WeeklyFigures}
        />
      ))}
      {past.length === 0 && (
        <p className="text-sm text-slate-500">
          No finished week yet: the report is compiled and e-mailed on Mondays at 07:00 UTC (or run “Weekly report” now
          from Jobs).
        </p>
      )}
    </div>
  );
}

function Report({ title, f }: { title: string; f: WeeklyFigures }) {
  const max = Math.max(1, ...f.perDay.map((d) => d.bookings));
  const facts: [string, string | number][] = [
    ["Bookings", f.bookings],
    ["Cancellations", f.cancellations],
    ["Provider cancellations", f.providerCancellations],
    ["Schedule changes", f.scheduleChanges],
    ["Refunds sent / failed", `${f.refunds.succeeded} / ${f.refunds.failed}`],
    ["Disputes opened / won / lost", `${f.disputes.opened} / ${f.disputes.won} / ${f.disputes.lost}`],
    ["Alerts (critical)", `${f.alerts.raised} (${f.alerts.critical})`],
    ["Follow-ups opened / resolved", `${f.followUps.opened} / ${f.followUps.resolved}`],
  ];
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4" aria-label={title}>
      <h2 className="font-medium">{title}</h2>
      <div className="mt-3 grid gap-6 md:grid-cols-3">
        <dl className="grid grid-cols-[1fr_auto] gap-x-4 gap-y-1 text-sm">
          {facts.map(([k, v]) => (
            <Fragment key={k}>
              <dt className="text-slate-600">{k}</dt>
              <dd className="text-right tabular-nums">{v}</dd>
            </Fragment>
          ))}
        </dl>
        <table className="text-sm">
          <thead>
            <tr className="text-xs text-slate-500">
              <th className="text-left">Currency</th>
              <th className="text-right">In</th>
              <th className="text-right">Back</th>
              <th className="text-right">Net</th>
            </tr>
          </thead>
          <tbody>
            {f.money.map((m) => (
              <tr key={m.currency}>
                <td>{m.currency}</td>
                <td className="text-right">{money(m.revenueMinor, m.currency)}</td>
                <td className="text-right">{money(m.refundedMinor, m.currency)}</td>
                <td className="text-right">{money(m.netMinor, m.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <figure aria-label="Bookings per day" className="text-xs">
          {f.perDay.map((d) => (
            <div key={d.day} className="grid grid-cols-[5.5rem_1fr_2rem] items-center gap-2">
              <span className="text-slate-500">{d.day}</span>
              <span className="h-3 rounded bg-teal-700" style={{ width: `${Math.round((d.bookings / max) * 100)}%` }} />
              <span className="text-right tabular-nums">{d.bookings}</span>
            </div>
          ))}
        </figure>
      </div>
    </section>
  );
}

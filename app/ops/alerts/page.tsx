import clsx from "clsx";
import Link from "next/link";
import { BookingLink } from "@/components/ops/booking-link";
import { Badge } from "@/components/ui/badge";
import { DataTable, PageHeader } from "@/components/ui/data-table";
import { label, when } from "@/components/ui/format";
import { Pager, QueueMore } from "@/components/ui/pager";
import {
  alertStatuses,
  severities,
  unresolvedAlertStatuses,
  type AlertStatus as Status,
  type Severity,
} from "@/server/domain/statuses";
import { opsCaller } from "@/server/trpc/server";
import { AlertActions } from "./alert-actions";

export const metadata = { title: "Alerts" };

const pick = <T extends string>(v: string | string[] | undefined, allowed: readonly T[]) =>
  (Array.isArray(v) ? v : v ? v.split(",") : []).filter((x): x is T => (allowed as readonly string[]).includes(x));

/**
 * The alerts inbox: filters live in the URL (?severity=critical,high&status=open). Unresolved
 * alerts are a queue (most severe first, the top 100 and how many more); with resolved ones in the
 * view, it is a history, newest first, a page at a time (?before= / ?after=).
 */
export default async function AlertsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const severity = pick<Severity>(sp.severity, severities);
  const status = sp.status === undefined ? [...unresolvedAlertStatuses] : pick<Status>(sp.status, alertStatuses);
  const before = typeof sp.before === "string" ? sp.before : undefined;
  const after = typeof sp.after === "string" ? sp.after : undefined;
  const api = await opsCaller();
  const [list, slack] = await Promise.all([
    api.ops.alerts.list({ severity, status, before, after }),
    api.ops.alerts.localSlack(),
  ]);
  const rows = list.rows;
  const href = (s: Severity[], st: Status[], page: { before?: string; after?: string } = {}) =>
    `/ops/alerts?${new URLSearchParams({ ...(s.length ? { severity: s.join(",") } : {}), status: st.join(","), ...page })}`;
  const toggle = <T,>(list: T[], v: T) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
  return (
    <div>
      <PageHeader title="Alerts" />
      <nav className="mb-4 flex flex-wrap items-center gap-2 text-xs" aria-label="Filters">
        <span className="text-slate-500">Severity</span>
        {[...severities].reverse().map((s) => (
          <Chip key={s} on={severity.includes(s)} href={href(toggle(severity, s), status)}>
            {s}
          </Chip>
        ))}
        <span className="ml-4 text-slate-500">Status</span>
        {alertStatuses.map((s) => (
          <Chip key={s} on={status.includes(s)} href={href(severity, toggle(status, s))}>
            {s}
          </Chip>
        ))}
      </nav>
      <DataTable
        rows={rows}
        rowKey={(r) => r.id}
        empty="No alerts match."
        columns={[
          { header: "Severity", cell: (r) => <Badge value={r.severity} /> },
          {
            header: "Alert",
            cell: (r) => (
              <>
                {r.title}
                <div className="text-xs text-slate-500">
                  {label(r.source)}
                  {r.occurrences > 1 ? ` · ×${r.occurrences}` : ""}
                  {r.groupSize > 1 ? ` · ${r.groupSize} alerts grouped` : ""}
                </div>
              </>
            ),
          },
          {
            header: "Booking",
            // A group lists every booking its alerts cover.
            cell: (r) =>
              r.bookings.length > 0 ? (
                <ul className="text-xs">
                  {r.bookings.map((b) => (
                    <li key={b.id}>
                      <BookingLink id={b.id} reference={b.reference} />
                    </li>
                  ))}
                </ul>
              ) : (
                <BookingLink id={null} reference={null} />
              ),
          },
          {
            header: "Sent to",
            cell: (r) =>
              r.notifications.length === 0 ? (
                <span className="text-slate-400">—</span>
              ) : (
                <ul className="text-xs">
                  {r.notifications.map((n) => (
                    <li
                      key={n.channel}
                      title={n.error ?? undefined}
                      className={n.status === "failed" ? "text-rose-700" : n.status === "sent" ? "" : "text-slate-500"}
                    >
                      {n.channel}: {n.status}
                    </li>
                  ))}
                </ul>
              ),
          },
          { header: "Raised", cell: (r) => when(r.createdAt) },
          {
            header: "Respond by",
            cell: (r) =>
              r.responseDueAt ? (
                <span
                  className={
                    r.status !== "resolved" && r.responseDueAt.getTime() < Date.now() ? "font-medium text-rose-700" : ""
                  }
                >
                  {when(r.responseDueAt)}
                </span>
              ) : (
                "—"
              ),
          },
          {
            header: "Status",
            cell: (r) => (
              <>
                <Badge value={r.status} />
                {r.acknowledgedBy && (
                  <div className="text-xs text-slate-500">
                    ack. {r.acknowledgedBy}, {when(r.acknowledgedAt)}
                  </div>
                )}
                {r.resolvedBy && (
                  <div className="text-xs text-slate-500">
                    resolved {r.resolvedBy}, {when(r.resolvedAt)}
                  </div>
                )}
              </>
            ),
          },
          { header: "", cell: (r) => <AlertActions alertId={r.id} status={r.status} /> },
        ]}
      />
      <QueueMore more={list.more} moreIsCapped={list.moreIsCapped} hint="filter by severity" />
      <Pager newer={list.newer} older={list.older} href={(page) => href(severity, status, page)} label="Alert pages" />
      {slack.length > 0 && (
        <section className="mt-8" aria-label="Local Slack channel">
          <h2 className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">
            Slack (local channel: no SLACK_WEBHOOK_URL set)
          </h2>
          <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm">
            {slack.map((m) => (
              <li key={m.id} className="flex gap-3 px-3 py-2">
                <span className="text-slate-500 tabular-nums">{when(m.createdAt)}</span>
                <span>{m.text}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function Chip({ on, href, children }: { on: boolean; href: string; children: React.ReactNode }) {
  return (
    <Link
      href={href}
      aria-pressed={on}
      className={clsx(
        "rounded-full px-2 py-0.5 ring-1 ring-inset",
        on ? "bg-slate-900 text-white ring-slate-900" : "bg-white text-slate-700 ring-slate-300 hover:ring-slate-500",
      )}
    >
      {children}
    </Link>
  );
}

import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/data-table";
import { opsCaller } from "@/server/trpc/server";

export const metadata = { title: "Dashboard" };

const queueLinks: Record<string, [string, string]> = {
  failed_refunds: ["Failed refunds", "/ops/refunds"], active_disputes: ["Active disputes", "/ops/disputes"],
  open_follow_ups: ["Open follow-ups", "/ops/follow-ups"], open_alerts: ["Open alerts", "/ops/alerts"],
  sync_errors: ["Sync errors", "/ops/bookings?sync=error"], open_issues: ["Open issues", "/ops/bookings"],
  pending_refunds: ["Refunds in flight", "/ops/refunds"], open_cancellations: ["Open cancellations", "/ops/bookings"],
};

export default async function Dashboard() {
  const api = await opsCaller();
  const { byStatus, queues } = await api.ops.console.summary();
  return (
    <div>
      <PageHeader title="Dashboard" />
      <section className="grid grid-cols-2 gap-3 md:grid-cols-4">
        {Object.entries(queueLinks).map(([key, [text, href]]) => (
          <Link key={key} href={href} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm hover:border-slate-400">
            <div className="text-2xl font-semibold tabular-nums">{Number(queues[key] ?? 0).toLocaleString("en-US")}</div>
            <div className="text-sm text-slate-500">{text}</div>
          </Link>
        ))}
      </section>
      <h2 className="mt-8 mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">Bookings by status</h2>
      <ul className="flex flex-wrap gap-3">
        {byStatus.map((s) => (
          <li key={s.status}>
            <Link href={`/ops/bookings?status=${s.status}`} className="flex items-center gap-2 rounded-md border border-slate-200 bg-white px-3 py-2 text-sm hover:border-slate-400">
              <Badge value={s.status} /><span className="tabular-nums">{s.n.toLocaleString("en-US")}</span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

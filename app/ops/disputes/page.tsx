import clsx from "clsx";
import Link from "next/link";
import { BookingLink } from "@/components/ops/booking-link";
import { Badge } from "@/components/ui/badge";
import { DataTable, PageHeader } from "@/components/ui/data-table";
import { label, money, when } from "@/components/ui/format";
import { listHref, Pager, QueueMore } from "@/components/ui/pager";
import { opsCaller } from "@/server/trpc/server";
import { Countdown } from "./countdown";

export const metadata = { title: "Disputes" };

const filters = [
  ["open", "Open"],
  ["needs_evidence", "Needs evidence"],
  ["closed", "Closed"],
  ["all", "All"],
] as const;
type Filter = (typeof filters)[number][0];

/**
 * Card disputes (?filter=open|needs_evidence|closed|all): open ones nearest evidence deadline first
 * (the first 100, and how many more), closed and all newest first a page at a time (?before / ?after).
 */
export default async function DisputesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const filter: Filter = filters.some(([f]) => f === sp.filter) ? (sp.filter as Filter) : "open";
  const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);
  const paged = filter === "closed" || filter === "all";
  const page = await (
    await opsCaller()
  ).ops.disputes.list({ filter, ...(paged ? { before: one(sp.before), after: one(sp.after) } : {}) });
  const rows = page.rows;
  return (
    <div>
      <PageHeader title="Disputes" />
      <nav className="mb-4 flex flex-wrap gap-2 text-xs" aria-label="Filters">
        {filters.map(([f, text]) => (
          <Link
            key={f}
            href={listHref("/ops/disputes", { filter: f })}
            aria-pressed={f === filter}
            className={clsx(
              "rounded-full px-2 py-0.5 ring-1 ring-inset",
              f === filter
                ? "bg-slate-900 text-white ring-slate-900"
                : "bg-white text-slate-700 ring-slate-300 hover:ring-slate-500",
            )}
          >
            {text}
          </Link>
        ))}
      </nav>
      <DataTable
        rows={rows}
        rowKey={(r) => r.id}
        empty="No disputes."
        columns={[
          {
            header: "Dispute",
            cell: (r) => (
              <Link href={`/ops/disputes/${r.id}`} className="font-mono text-xs text-sky-700 hover:underline">
                {r.stripeDisputeId}
              </Link>
            ),
          },
          {
            header: "Booking",
            cell: (r) =>
              r.bookingId ? <BookingLink id={r.bookingId} reference={r.reference} /> : <Badge value="unmatched" />,
          },
          { header: "Amount", cell: (r) => <span className="tabular-nums">{money(r.amountMinor, r.currency)}</span> },
          { header: "Reason", cell: (r) => label(r.reason ?? "") },
          { header: "Status", cell: (r) => <Badge value={r.status} /> },
          {
            header: "Evidence due",
            cell: (r) =>
              r.resolvedAt ? (
                <span className="text-slate-500">{r.outcome}</span>
              ) : r.evidenceSubmitted ? (
                <span className="text-slate-500">submitted</span>
              ) : r.evidenceDueBy ? (
                <>
                  <Countdown to={r.evidenceDueBy.toISOString()} />
                  <div className="text-xs text-slate-500">{when(r.evidenceDueBy)} UTC</div>
                </>
              ) : (
                "—"
              ),
          },
          { header: "Opened", cell: (r) => when(r.createdAt) },
        ]}
      />
      <QueueMore more={page.more} moreIsCapped={page.moreIsCapped} hint="with later deadlines" />
      <Pager
        newer={page.newer}
        older={page.older}
        href={(p) => listHref("/ops/disputes", { filter, ...p })}
        label="Dispute pages"
      />
    </div>
  );
}

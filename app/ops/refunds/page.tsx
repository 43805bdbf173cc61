import Link from "next/link";
import { BookingLink } from "@/components/ops/booking-link";
import { RetryButton } from "@/components/ops/money-actions";
import { Badge } from "@/components/ui/badge";
import { DataTable, PageHeader } from "@/components/ui/data-table";
import { label, money, when } from "@/components/ui/format";
import { listHref, Pager, QueueMore } from "@/components/ui/pager";
import { refundStatuses, type RefundStatus } from "@/server/domain/statuses";
import { opsCaller } from "@/server/trpc/server";

export const metadata = { title: "Refunds" };

type Search = { status?: string; before?: string; after?: string };
type Row = {
  id: string;
  bookingId: string;
  reference: string;
  refundReference: string;
  status: RefundStatus;
  amountMinor: number;
  currency: string;
  failureReason: string | null;
  retryCount: number;
  estimatedArrival: string | null;
  createdAt: Date;
};

// Refunds (?status=… for one status): without a filter, the queue of refunds that need someone
// (failed first, then the longest waiting) above the history of settled ones, newest first.
export default async function RefundsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const sp = await searchParams;
  const status = (refundStatuses as readonly string[]).includes(sp.status ?? "")
    ? (sp.status as RefundStatus)
    : undefined;
  const caller = await opsCaller();
  const [queue, page] = await Promise.all([
    status ? null : caller.ops.money.refundQueue(),
    caller.ops.money.refunds({ status, before: sp.before, after: sp.after }),
  ]);
  const href = (s: Search) => listHref("/ops/refunds", { status, ...s });
  const chip = (on: boolean) => `rounded border px-2 py-0.5 ${on ? "bg-slate-900 text-white" : ""}`;
  return (
    <div>
      <PageHeader title="Refunds" />
      <nav aria-label="Filter" className="mb-3 flex flex-wrap gap-1 text-xs">
        <Link href="/ops/refunds" className={chip(!status)} aria-pressed={!status}>
          Queue and history
        </Link>
        {refundStatuses.map((s) => (
          <Link
            key={s}
            href={listHref("/ops/refunds", { status: s })}
            className={chip(status === s)}
            aria-pressed={status === s}
          >
            {label(s)}
          </Link>
        ))}
      </nav>
      {queue && (
        <section aria-label="Needs attention" className="mb-8">
          <h2 className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">Needs attention</h2>
          <RefundTable rows={queue.rows} empty="Nothing waiting: no failed or pending refunds." />
          <QueueMore more={queue.more} moreIsCapped={queue.moreIsCapped} hint="filter by status to page through them" />
        </section>
      )}
      <section aria-label={status ? `${label(status)} refunds` : "History"}>
        {queue && <h2 className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">History</h2>}
        <RefundTable rows={page.rows} empty="No refunds." />
        <Pager newer={page.newer} older={page.older} href={href} label="Refund pages" />
      </section>
    </div>
  );
}

function RefundTable({ rows, empty }: { rows: Row[]; empty: string }) {
  return (
    <DataTable
      rows={rows}
      rowKey={(r) => r.id}
      empty={empty}
      columns={[
        { header: "Refund", cell: (r) => <span className="font-mono">{r.refundReference}</span> },
        { header: "Booking", cell: (r) => <BookingLink id={r.bookingId} reference={r.reference} /> },
        { header: "Amount", cell: (r) => money(r.amountMinor, r.currency) },
        { header: "Status", cell: (r) => <Badge value={r.status} /> },
        {
          header: "Detail",
          cell: (r) =>
            r.failureReason ? (
              <span className="text-rose-700">
                {r.failureReason} (tries: {r.retryCount})
              </span>
            ) : r.estimatedArrival ? (
              `arrives by ${r.estimatedArrival}`
            ) : (
              ""
            ),
        },
        { header: "Created", cell: (r) => when(r.createdAt) },
        { header: "", cell: (r) => (r.status === "failed" ? <RetryButton kind="refund" id={r.id} /> : null) },
      ]}
    />
  );
}

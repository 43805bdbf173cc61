import Link from "next/link";
import { BookingLink } from "@/components/ops/booking-link";
import { Badge } from "@/components/ui/badge";
import { DataTable, PageHeader } from "@/components/ui/data-table";
import { label, when } from "@/components/ui/format";
import { listHref, Pager } from "@/components/ui/pager";
import { commStatuses } from "@/server/domain/statuses";
import { opsCaller } from "@/server/trpc/server";

export const metadata = { title: "Outbox" };

const channels = ["email", "sms", "push"] as const;
type Search = { status?: string; channel?: string; before?: string; after?: string };

// The message outbox (docs/architecture.md, "Messages"): every message about a booking, by any
// channel, with its delivery status; the account mail (sign-in links) that the local channel kept is listed below it.
export default async function OutboxPage({ searchParams }: { searchParams: Promise<Search> }) {
  const sp = await searchParams;
  const status = (commStatuses as readonly string[]).includes(sp.status ?? "")
    ? (sp.status as (typeof commStatuses)[number])
    : undefined;
  const channel = (channels as readonly string[]).includes(sp.channel ?? "")
    ? (sp.channel as (typeof channels)[number])
    : undefined;
  const caller = await opsCaller();
  const [page, accountMail] = await Promise.all([
    caller.ops.outbox.list({ status, channel, before: sp.before, after: sp.after }),
    caller.ops.outbox.accountMail(),
  ]);
  const rows = page.rows;
  const filter = (s: Search) => listHref("/ops/outbox", { status, channel, ...s });
  return (
    <div>
      <PageHeader title="Outbox" />
      <nav aria-label="Filter" className="mb-3 flex flex-wrap gap-1 text-xs">
        <Link href="/ops/outbox" className="rounded border px-2 py-0.5">
          All
        </Link>
        {channels.map((c) => (
          <Link
            key={c}
            href={filter({ channel: c })}
            className={`rounded border px-2 py-0.5 ${channel === c ? "bg-slate-900 text-white" : ""}`}
          >
            {c}
          </Link>
        ))}
        {["pending", "failed", "bounced", "complained", "delivered", "cancelled"].map((s) => (
          <Link
            key={s}
            href={filter({ status: s })}
            className={`rounded border px-2 py-0.5 ${status === s ? "bg-slate-900 text-white" : ""}`}
          >
            {label(s)}
          </Link>
        ))}
      </nav>
      <DataTable
        rows={rows}
        rowKey={(r) => r.id}
        empty="No messages."
        columns={[
          {
            header: "Queued",
            cell: (r) => (
              <Link href={`/ops/outbox/${r.id}`} className="hover:underline">
                {when(r.createdAt)}
              </Link>
            ),
          },
          { header: "Booking", cell: (r) => <BookingLink id={r.bookingId} reference={r.reference} /> },
          { header: "Kind", cell: (r) => label(r.type) },
          { header: "Channel", cell: (r) => r.channel },
          { header: "To", cell: (r) => r.to },
          {
            header: "Status",
            cell: (r) => (
              <span className="inline-flex gap-1">
                <Badge value={r.status} />
                {r.retryCount > 0 && <span className="text-xs text-slate-500">retry {r.retryCount}</span>}
              </span>
            ),
          },
          { header: "Events", cell: (r) => r.events },
          { header: "Problem", cell: (r) => <span className="text-xs text-rose-700">{r.failureReason}</span> },
        ]}
      />
      <Pager newer={page.newer} older={page.older} href={filter} label="Outbox pages" />
      <h2 className="mt-8 mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">
        Account mail (local channel)
      </h2>
      <DataTable
        rows={accountMail}
        rowKey={(r) => r.id}
        empty="No account mail."
        columns={[
          { header: "Sent", cell: (r) => when(r.createdAt) },
          { header: "To", cell: (r) => r.to },
          { header: "Subject", cell: (r) => r.subject },
          { header: "Kind", cell: (r) => label(r.tag) },
        ]}
      />
    </div>
  );
}

import clsx from "clsx";
import Link from "next/link";
import { BookingLink } from "@/components/ops/booking-link";
import { Badge } from "@/components/ui/badge";
import { DataTable, PageHeader } from "@/components/ui/data-table";
import { label, when } from "@/components/ui/format";
import { byDueDate, listHref, Pager } from "@/components/ui/pager";
import { currentSession } from "@/server/auth";
import { opsCaller } from "@/server/trpc/server";
import { FollowUpActions } from "./follow-up-actions";

export const metadata = { title: "Follow-ups" };

const states = ["open", "resolved", "all"] as const;

/**
 * Tasks for a human: open ones by due time (overdue in red), with owner, resolve-with-note and
 * "take it"; resolved ones newest first; all newest first. Filters and the page are in the URL.
 */
export default async function FollowUpsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const sp = await searchParams;
  const state = states.find((s) => s === sp.state) ?? "open";
  const api = await opsCaller();
  const me = (await currentSession())?.user.email ?? "";
  const mine = sp.mine ? "1" : undefined;
  const page = await api.ops.followUps.list({
    state,
    ...(mine ? { owner: me } : {}),
    before: sp.before,
    after: sp.after,
  });
  const rows = page.rows;
  const href = (p: { state?: string; mine?: string; before?: string; after?: string }) =>
    listHref("/ops/follow-ups", { state, mine, ...p });
  // eslint-disable-next-line react-hooks/purity -- a server component renders once per request
  const now = Date.now();
  return (
    <div>
      <PageHeader title="Follow-ups" />
      <nav className="mb-4 flex flex-wrap gap-2 text-xs" aria-label="Filters">
        {states.map((s) => (
          <Link
            key={s}
            href={listHref("/ops/follow-ups", { state: s })}
            aria-pressed={s === state && !sp.mine}
            className={clsx(
              "rounded-full px-2 py-0.5 ring-1 ring-inset",
              s === state && !sp.mine ? "bg-slate-900 text-white ring-slate-900" : "bg-white ring-slate-300",
            )}
          >
            {s}
          </Link>
        ))}
        <Link
          href={href({ mine: "1" })}
          aria-pressed={!!sp.mine}
          className={clsx(
            "rounded-full px-2 py-0.5 ring-1 ring-inset",
            sp.mine ? "bg-slate-900 text-white ring-slate-900" : "bg-white ring-slate-300",
          )}
        >
          mine
        </Link>
      </nav>
      <DataTable
        rows={rows}
        rowKey={(r) => r.id}
        empty="No follow-ups."
        columns={[
          {
            header: "Task",
            cell: (r) => (
              <>
                {r.title}
                <div className="text-xs text-slate-500">{label(r.kind)}</div>
              </>
            ),
          },
          { header: "Booking", cell: (r) => <BookingLink id={r.bookingId} reference={r.reference} /> },
          { header: "Priority", cell: (r) => <Badge value={r.priority} /> },
          { header: "Owner", cell: (r) => r.owner ?? <span className="text-slate-400">unassigned</span> },
          {
            header: "Due",
            cell: (r) => (
              <span className={!r.resolved && r.dueAt.getTime() < now ? "font-medium text-rose-700" : ""}>
                {when(r.dueAt)}
              </span>
            ),
          },
          {
            header: "State",
            cell: (r) =>
              r.resolved ? (
                <>
                  <Badge value="resolved" />
                  <div className="text-xs text-slate-500">
                    {r.resolvedBy}, {when(r.resolvedAt)}: {r.resolution}
                  </div>
                </>
              ) : (
                <FollowUpActions followUpId={r.id} owner={r.owner} me={me} />
              ),
          },
        ]}
      />
      {state === "open" ? (
        // The queue runs soonest due first: its next page is later due dates.
        <Pager newer={page.newer} older={page.older} href={href} words={byDueDate} label="Queue pages" />
      ) : (
        <Pager newer={page.newer} older={page.older} href={href} label="Follow-up pages" />
      )}
    </div>
  );
}

import Link from "next/link";
import { CancelButton, ReplayButton, RunNowButton } from "@/components/ops/job-actions";
import { Badge } from "@/components/ui/badge";
import { DataTable, PageHeader } from "@/components/ui/data-table";
import { when } from "@/components/ui/format";
import { listHref, Pager } from "@/components/ui/pager";
import { opsCaller } from "@/server/trpc/server";

export const metadata = { title: "Jobs" };

const duration = (ms: number | null) => (ms == null ? "—" : ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);
/** The run statuses to filter by (the router checks them: z.enum of the same list). */
const jobRunStatuses = ["queued", "running", "sleeping", "completed", "failed", "cancelled"] as const;
const live = (s: string) => s === "queued" || s === "running" || s === "sleeping";

type Search = { status?: string; function?: string; before?: string; after?: string };

/**
 * The job server's console: the functions with their last run, and the runs newest first, a page
 * at a time, filtered by status or function (all in the URL).
 */
export default async function JobsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const sp = await searchParams;
  const status = jobRunStatuses.find((s) => s === sp.status);
  const functionId = sp.function && sp.function.length <= 200 ? sp.function : undefined;
  const api = await opsCaller();
  const [{ functions, outbox }, page] = await Promise.all([
    api.ops.jobs.overview(),
    api.ops.jobs.runs({ status, functionId, before: sp.before, after: sp.after }),
  ]);
  const runs = page.rows;
  const href = (p: Search) => listHref("/ops/jobs", { status, function: functionId, ...p });
  const chip = (on: boolean) => `rounded border px-2 py-0.5 ${on ? "bg-slate-900 text-white" : ""}`;
  return (
    <div>
      <PageHeader title="Jobs" />
      <div className="grid gap-3 md:grid-cols-3">
        <Stat label="Events waiting to be published" value={outbox.pending.toLocaleString("en-US")} />
        <Stat
          label="Oldest waiting event"
          value={outbox.oldestPendingSeconds == null ? "none" : `${outbox.oldestPendingSeconds} s`}
        />
        <Stat
          label="Events published"
          value={`${outbox.sentIsEstimate ? "≈ " : ""}${outbox.sent.toLocaleString("en-US")}`}
        />
      </div>

      <h2 className="mt-8 mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">Functions</h2>
      <DataTable
        rows={functions.filter((f) => !f.removed)}
        rowKey={(f) => f.id}
        empty="No functions synced yet: the job server registers them when the app starts."
        columns={[
          {
            header: "Function",
            cell: (f) => (
              <>
                {f.name}
                <div className="text-xs text-slate-500">
                  <Link href={href({ function: f.id })} className="hover:underline" title="Show this function's runs">
                    {f.id}
                  </Link>
                </div>
              </>
            ),
          },
          {
            header: "Trigger",
            cell: (f) => f.triggers.map((t) => (t.cron ? `cron ${t.cron}` : `event ${t.event}`)).join(", "),
          },
          { header: "Next run", cell: (f) => when(f.nextCronAt) },
          {
            header: "Last run",
            cell: (f) =>
              f.lastRun ? (
                <Link href={`/ops/jobs/${f.lastRun.id}`} className="inline-flex items-center gap-2 hover:underline">
                  <Badge value={f.lastRun.status} />
                  {when(f.lastRun.createdAt)}
                </Link>
              ) : (
                "never"
              ),
          },
          { header: "Took", cell: (f) => duration(f.lastRun?.durationMs ?? null) },
          { header: "", cell: (f) => (f.cron ? <RunNowButton functionId={f.id} /> : null) },
        ]}
      />

      <h2 className="mt-8 mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">Recent runs</h2>
      <nav aria-label="Filter runs" className="mb-3 flex flex-wrap gap-1 text-xs">
        <Link
          href={listHref("/ops/jobs", {})}
          className={chip(!status && !functionId)}
          aria-pressed={!status && !functionId}
        >
          All
        </Link>
        {jobRunStatuses.map((s) => (
          <Link
            key={s}
            href={listHref("/ops/jobs", { status: s, function: functionId })}
            className={chip(status === s)}
            aria-pressed={status === s}
          >
            {s}
          </Link>
        ))}
        {functionId && (
          <Link
            href={listHref("/ops/jobs", { status })}
            className={chip(true)}
            aria-label={`Function ${functionId}: show every function`}
          >
            {functionId} ✕
          </Link>
        )}
      </nav>
      <DataTable
        rows={runs}
        rowKey={(r) => r.id}
        empty="No runs yet."
        columns={[
          {
            header: "Run",
            cell: (r) => (
              <Link href={`/ops/jobs/${r.id}`} className="font-medium hover:underline">
                {r.functionName}
              </Link>
            ),
          },
          { header: "Status", cell: (r) => <Badge value={r.status} /> },
          { header: "Trigger", cell: (r) => r.eventName },
          { header: "Started", cell: (r) => when(r.startedAt ?? r.createdAt) },
          { header: "Steps", cell: (r) => r.stepsDone },
          { header: "Took", cell: (r) => duration(r.durationMs) },
          {
            header: "Error",
            cell: (r) => (r.error?.message ? <span className="text-rose-700">{r.error.message}</span> : null),
          },
          {
            header: "",
            cell: (r) =>
              r.status === "failed" ? (
                <ReplayButton runId={r.id} />
              ) : live(r.status) ? (
                <CancelButton runId={r.id} />
              ) : null,
          },
        ]}
      />
      <Pager newer={page.newer} older={page.older} href={href} label="Run pages" />
    </div>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="text-2xl font-semibold tabular-nums">{value}</div>
      <div className="text-sm text-slate-500">{label}</div>
    </div>
  );
}

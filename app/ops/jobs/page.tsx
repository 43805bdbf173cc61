import Link from "next/link";
import { CancelButton, ReplayButton, RunNowButton } from "@/components/ops/job-actions";
import { Badge } from "@/components/ui/badge";
import { DataTable, PageHeader } from "@/components/ui/data-table";
import { when } from "@/components/ui/format";
import { opsCaller } from "@/server/trpc/server";

export const metadata = { title: "Jobs" };

const duration = (ms: number | null) => (ms == null ? "—" : ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);
const live = (s: string) => s === "queued" || s === "running" || s === "sleeping";

export default async function JobsPage() {
  const api = await opsCaller();
  const [{ functions, outbox }, runs] = await Promise.all([api.ops.jobs.overview(), api.ops.jobs.runs({ limit: 50 })]);
  return (
    <div>
      <PageHeader title="Jobs" />
      <div className="grid gap-3 md:grid-cols-3">
        <Stat label="Events waiting to be published" value={outbox.pending.toLocaleString("en-US")} />
        <Stat
          label="Oldest waiting event"
          value={outbox.oldestPendingSeconds == null ? "none" : `${outbox.oldestPendingSeconds} s`}
        />
        <Stat label="Events published" value={outbox.sent.toLocaleString("en-US")} />
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
                <div className="text-xs text-slate-500">{f.id}</div>
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

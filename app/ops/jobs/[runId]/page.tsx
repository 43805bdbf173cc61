import Link from "next/link";
import { CancelButton, RefreshWhile, ReplayButton } from "@/components/ops/job-actions";
import { Badge } from "@/components/ui/badge";
import { DataTable, PageHeader } from "@/components/ui/data-table";
import { when } from "@/components/ui/format";
import { opsCaller, orNotFound } from "@/server/trpc/server";

export const metadata = { title: "Job run" };

const duration = (ms: number | null) => (ms == null ? "—" : ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);

export default async function JobRunPage({ params }: { params: Promise<{ runId: string }> }) {
  const { runId } = await params;
  const run = await orNotFound((await opsCaller()).ops.jobs.run({ runId }));
  const live = run.status === "queued" || run.status === "running" || run.status === "sleeping";
  return (
    <div>
      <RefreshWhile active={live} />
      <p className="text-sm">
        <Link href="/ops/jobs" className="text-slate-500 hover:underline">
          ← Jobs
        </Link>
      </p>
      <PageHeader title={run.functionName}>
        {/* A live region: the page refreshes while the run goes on, and the change is announced. */}
        <span role="status" aria-label="Run status">
          <Badge value={run.status} />
        </span>
        {run.status === "failed" && <ReplayButton runId={run.id} />}
        {live && <CancelButton runId={run.id} />}
      </PageHeader>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm md:grid-cols-4">
        <dt className="text-slate-500">Trigger</dt>
        <dd>{run.eventName}</dd>
        <dt className="text-slate-500">Started</dt>
        <dd>{when(run.startedAt ?? run.createdAt)}</dd>
        <dt className="text-slate-500">Took</dt>
        <dd>{duration(run.durationMs)}</dd>
        <dt className="text-slate-500">Attempt</dt>
        <dd>{run.attempt + 1}</dd>
        {run.replayOf && (
          <>
            <dt className="text-slate-500">Replay of</dt>
            <dd>
              <Link href={`/ops/jobs/${run.replayOf}`} className="hover:underline">
                earlier run
              </Link>
            </dd>
          </>
        )}
      </dl>
      {run.error?.message && (
        <p role="alert" className="mt-4 rounded-md bg-rose-50 p-3 text-sm text-rose-800">
          {run.error.name}: {run.error.message}
        </p>
      )}
      <h2 className="mt-8 mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">
        Steps ({run.steps.length}
        {live ? ", running" : ""})
      </h2>
      <DataTable
        rows={run.steps}
        rowKey={(s) => s.stepId}
        empty="No step has finished yet."
        columns={[
          { header: "Step", cell: (s) => s.name },
          { header: "Status", cell: (s) => <Badge value={s.status} /> },
          { header: "Attempts", cell: (s) => s.attempts },
          { header: "Took", cell: (s) => duration(s.durationMs) },
          {
            header: "Result or error",
            cell: (s) =>
              s.error?.message ? (
                <span className="text-rose-700">{s.error.message}</span>
              ) : (
                <code className="text-xs break-all">
                  {s.outputPreview ?? (s.wakeAt ? `sleeping until ${when(s.wakeAt)}` : "")}
                </code>
              ),
          },
        ]}
      />
      {run.output != null && (
        <pre className="mt-4 overflow-x-auto rounded-md bg-slate-100 p-3 text-xs">
          {JSON.stringify(run.output, null, 2)}
        </pre>
      )}
    </div>
  );
}

"use client";
import { useQuery } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import { when } from "@/components/ui/format";
import { useTRPC } from "@/lib/trpc/react";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";

type Run = inferRouterOutputs<AppRouter>["ops"]["imports"]["list"][number];

const n = (x: number) => x.toLocaleString("en-US");

/** lines_done of lines_total: the resume point, so the bar never runs ahead of what is committed. */
function Progress({ run }: { run: Run }) {
  const total = run.linesTotal ?? 0;
  const pct = total ? Math.min(100, Math.round((run.linesDone / total) * 100)) : run.status === "done" ? 100 : 0;
  return (
    <div className="flex min-w-48 items-center gap-2">
      <div
        role="progressbar"
        aria-label={`${run.fileName}: lines imported`}
        aria-valuemin={0}
        aria-valuemax={total || undefined}
        aria-valuenow={run.linesDone}
        className="h-2 flex-1 overflow-hidden rounded-full bg-slate-200"
      >
        <div
          className={run.status === "failed" ? "h-full bg-red-500" : "h-full bg-emerald-500"}
          style={{ width: `${pct}%` }}
        />
      </div>
      <span className="tabular-nums text-xs text-slate-600">
        {n(run.linesDone)}/{total ? n(total) : "?"}
      </span>
    </div>
  );
}

/** The runs, refreshed every two seconds while one is running. */
export function ImportRuns({ initial }: { initial: Run[] }) {
  const trpc = useTRPC();
  const { data = initial } = useQuery(
    trpc.ops.imports.list.queryOptions(undefined, {
      initialData: initial,
      refetchInterval: (q) => ((q.state.data ?? initial).some((r) => r.status === "running") ? 2000 : false),
    }),
  );
  return (
    <DataTable
      rows={data}
      rowKey={(r) => r.id}
      empty="No imports yet."
      columns={[
        { header: "File", cell: (r) => <span className="font-medium">{r.fileName}</span> },
        { header: "Source", cell: (r) => r.source },
        { header: "Status", cell: (r) => <Badge value={r.status} /> },
        { header: "Progress", cell: (r) => <Progress run={r} /> },
        { header: "Created", cell: (r) => <span className="tabular-nums">{n(r.created)}</span> },
        { header: "Duplicates", cell: (r) => <span className="tabular-nums">{n(r.duplicates)}</span> },
        {
          header: "Errors",
          cell: (r) =>
            r.errors ? (
              <a className="tabular-nums text-sky-700 underline" href={`/api/v1/imports/${r.id}/errors`} download>
                {n(r.errors)} · download
              </a>
            ) : (
              <span className="tabular-nums">0</span>
            ),
        },
        {
          header: "Started",
          cell: (r) => (
            <span className="tabular-nums">
              {when(r.startedAt)}
              {r.createdBy ? ` by ${r.createdBy}` : ""}
              {r.failure ? <span className="block text-xs text-red-700">{r.failure}</span> : null}
            </span>
          ),
        },
      ]}
    />
  );
}

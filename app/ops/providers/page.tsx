import Link from "next/link";
import { SandboxFaultsForm } from "@/components/ops/sandbox-faults-form";
import { SyncNowButton } from "@/components/ops/sync-now-button";
import { Badge } from "@/components/ui/badge";
import { DataTable, PageHeader } from "@/components/ui/data-table";
import { opsCaller } from "@/server/trpc/server";

export const metadata = { title: "Providers" };

export default async function ProvidersPage() {
  const rows = await (await opsCaller()).ops.providers.list();
  const sandboxes = rows.filter((r) => r.sandbox);
  return (
    <div>
      <PageHeader title="Providers" />
      <DataTable
        rows={rows}
        rowKey={(r) => r.code}
        columns={[
          {
            header: "Provider",
            cell: (r) => (
              <>
                {r.name}
                <div className="font-mono text-xs text-slate-500">{r.code}</div>
              </>
            ),
          },
          { header: "Category", cell: (r) => r.category },
          { header: "Adapter", cell: (r) => r.adapter },
          { header: "Calls (15 min)", cell: (r) => `${r.ok}/${r.calls} ok` },
          { header: "Rate limit", cell: (r) => `${r.rateLimitPerSecond}/s` },
          { header: "Health", cell: (r) => <Badge value={r.health} /> },
          {
            header: "Payouts",
            cell: (r) => (
              <Link
                href={`/ops/providers/${encodeURIComponent(r.code)}/payouts`}
                className="text-sky-700 hover:underline"
              >
                Payouts
              </Link>
            ),
          },
          { header: "", cell: (r) => <SyncNowButton providerCode={r.code} /> },
        ]}
      />
      {sandboxes.length > 0 && (
        <section className="mt-8">
          <h2 className="mb-1 text-sm font-semibold uppercase tracking-wide text-slate-500">Sandbox faults</h2>
          <p className="mb-3 text-sm text-slate-500">
            What the sandbox providers do to every call from sync, cancellations and changes. Applied within a second.
          </p>
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
            {sandboxes.map((r) => (
              <li key={r.code} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
                <span className="w-44 font-medium">{r.name}</span>
                <SandboxFaultsForm
                  providerCode={r.code}
                  value={{
                    latencyMs: r.sandbox!.latencyMs,
                    jitterMs: r.sandbox!.jitterMs,
                    errorRateBps: r.sandbox!.errorRateBps,
                    outage: r.sandbox!.outage,
                    rejectCancellations: r.sandbox!.rejectCancellations,
                    eventsPerHour: r.sandbox!.eventsPerHour,
                  }}
                />
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

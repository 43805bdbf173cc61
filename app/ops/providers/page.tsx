import { Badge } from "@/components/ui/badge";
import { DataTable, PageHeader } from "@/components/ui/data-table";
import { opsCaller } from "@/server/trpc/server";

export const metadata = { title: "Providers" };

export default async function ProvidersPage() {
  const rows = await (await opsCaller()).ops.console.providers();
  return (
    <div>
      <PageHeader title="Providers" />
      <DataTable rows={rows} rowKey={(r) => r.code} columns={[
        { header: "Provider", cell: (r) => <>{r.name}<div className="font-mono text-xs text-slate-500">{r.code}</div></> },
        { header: "Category", cell: (r) => r.category },
        { header: "Adapter", cell: (r) => r.adapter },
        { header: "Items", cell: (r) => r.items.toLocaleString("en-US") },
        { header: "Calls (15 min)", cell: (r) => `${r.ok}/${r.calls} ok` },
        { header: "Rate limit", cell: (r) => `${r.rateLimitPerSecond}/s` },
        { header: "Health", cell: (r) => <Badge value={r.health} /> },
      ]} />
    </div>
  );
}

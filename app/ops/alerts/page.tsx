import { BookingLink } from "@/components/ops/booking-link";
import { Badge } from "@/components/ui/badge";
import { DataTable, PageHeader } from "@/components/ui/data-table";
import { label, when } from "@/components/ui/format";
import { opsCaller } from "@/server/trpc/server";

export const metadata = { title: "Alerts" };

export default async function AlertsPage() {
  const rows = await (await opsCaller()).ops.console.alerts();
  return (
    <div>
      <PageHeader title="Alerts" />
      <DataTable rows={rows} rowKey={(r) => r.id} empty="No alerts." columns={[
        { header: "Severity", cell: (r) => <Badge value={r.severity} /> },
        { header: "Alert", cell: (r) => <>{r.title}<div className="text-xs text-slate-500">{label(r.source)}{r.occurrences > 1 ? ` · ×${r.occurrences}` : ""}</div></> },
        { header: "Booking", cell: (r) => <BookingLink id={r.bookingId} reference={r.reference} /> },
        { header: "Raised", cell: (r) => when(r.createdAt) },
        { header: "Status", cell: (r) => <Badge value={r.status} /> },
      ]} />
    </div>
  );
}

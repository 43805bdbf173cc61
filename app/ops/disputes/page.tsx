import { BookingLink } from "@/components/ops/booking-link";
import { Badge } from "@/components/ui/badge";
import { DataTable, PageHeader } from "@/components/ui/data-table";
import { label, money, when } from "@/components/ui/format";
import { opsCaller } from "@/server/trpc/server";

export const metadata = { title: "Disputes" };

export default async function DisputesPage() {
  const rows = await (await opsCaller()).ops.console.disputes();
  return (
    <div>
      <PageHeader title="Disputes" />
      <DataTable rows={rows} rowKey={(r) => r.id} empty="No disputes." columns={[
        { header: "Booking", cell: (r) => <BookingLink id={r.bookingId} reference={r.reference} /> },
        { header: "Amount", cell: (r) => money(r.amountMinor, r.currency) },
        { header: "Reason", cell: (r) => label(r.reason ?? "") },
        { header: "Evidence due", cell: (r) => r.evidenceSubmitted ? "submitted" : when(r.evidenceDueBy) },
        { header: "Status", cell: (r) => <Badge value={r.status} /> },
      ]} />
    </div>
  );
}

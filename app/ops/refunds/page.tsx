import { BookingLink } from "@/components/ops/booking-link";
import { RetryButton } from "@/components/ops/money-actions";
import { Badge } from "@/components/ui/badge";
import { DataTable, PageHeader } from "@/components/ui/data-table";
import { money, when } from "@/components/ui/format";
import { opsCaller } from "@/server/trpc/server";

export const metadata = { title: "Refunds" };

export default async function RefundsPage() {
  const rows = await (await opsCaller()).ops.money.refunds();
  return (
    <div>
      <PageHeader title="Refunds" />
      <DataTable
        rows={rows}
        rowKey={(r) => r.id}
        empty="No refunds."
        columns={[
          { header: "Refund", cell: (r) => <span className="font-mono">{r.refundReference}</span> },
          { header: "Booking", cell: (r) => <BookingLink id={r.bookingId} reference={r.reference} /> },
          { header: "Amount", cell: (r) => money(r.amountMinor, r.currency) },
          { header: "Status", cell: (r) => <Badge value={r.status} /> },
          {
            header: "Detail",
            cell: (r) =>
              r.failureReason ? (
                <span className="text-rose-700">
                  {r.failureReason} (tries: {r.retryCount})
                </span>
              ) : r.estimatedArrival ? (
                `arrives by ${r.estimatedArrival}`
              ) : (
                ""
              ),
          },
          { header: "Created", cell: (r) => when(r.createdAt) },
          { header: "", cell: (r) => (r.status === "failed" ? <RetryButton kind="refund" id={r.id} /> : null) },
        ]}
      />
    </div>
  );
}

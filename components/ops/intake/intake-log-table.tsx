import { BookingLink } from "@/components/ops/booking-link";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import { when } from "@/components/ui/format";
import type { listIntakeLog } from "@/server/services/intake/list-intake-log";

export type IntakeLogRow = Awaited<ReturnType<typeof listIntakeLog>>["rows"][number];

/** One line per intake request: who sent it, what it came to, and the booking it made or named. */
export function IntakeLogTable({ rows }: { rows: IntakeLogRow[] }) {
  return (
    <DataTable
      rows={rows}
      rowKey={(r) => r.id}
      empty="No intake requests match."
      columns={[
        { header: "Received", cell: (r) => <span className="tabular-nums">{when(r.receivedAt)}</span> },
        { header: "Client", cell: (r) => r.client },
        {
          header: "Session",
          cell: (r) => <span className="font-mono text-xs">{r.sessionId ?? "—"}</span>,
        },
        { header: "Outcome", cell: (r) => <Badge value={r.outcome} /> },
        { header: "HTTP", cell: (r) => <span className="tabular-nums">{r.httpStatus}</span> },
        { header: "Booking", cell: (r) => <BookingLink id={r.bookingId} reference={r.reference} /> },
        {
          header: "Why refused",
          cell: (r) => (r.problem ? <span className="text-rose-700">{r.problem}</span> : null),
        },
      ]}
    />
  );
}

import { BookingLink } from "@/components/ops/booking-link";
import { Badge } from "@/components/ui/badge";
import { DataTable, PageHeader } from "@/components/ui/data-table";
import { label, when } from "@/components/ui/format";
import { opsCaller } from "@/server/trpc/server";

export const metadata = { title: "Follow-ups" };

export default async function FollowUpsPage() {
  const rows = await (await opsCaller()).ops.console.followUps();
  const now = Date.now();
  return (
    <div>
      <PageHeader title="Follow-ups" />
      <DataTable rows={rows} rowKey={(r) => r.id} empty="No follow-ups." columns={[
        { header: "Task", cell: (r) => <>{r.title}<div className="text-xs text-slate-500">{label(r.kind)}</div></> },
        { header: "Booking", cell: (r) => <BookingLink id={r.bookingId} reference={r.reference} /> },
        { header: "Priority", cell: (r) => <Badge value={r.priority} /> },
        { header: "Owner", cell: (r) => r.owner ?? "unassigned" },
        { header: "Due", cell: (r) => <span className={!r.resolved && r.dueAt.getTime() < now ? "font-medium text-rose-700" : ""}>{when(r.dueAt)}</span> },
        { header: "State", cell: (r) => <Badge value={r.resolved ? "resolved" : "open"} /> },
      ]} />
    </div>
  );
}

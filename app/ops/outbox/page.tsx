import { DataTable, PageHeader } from "@/components/ui/data-table";
import { label, when } from "@/components/ui/format";
import { opsCaller } from "@/server/trpc/server";

export const metadata = { title: "Outbox" };

// The message outbox: mail sent through the local channel (DESIGN.md). The documents-and-comms
// issue adds SMS, push, previews and delivery events.
export default async function OutboxPage() {
  const rows = await (await opsCaller()).ops.console.mail();
  return (
    <div>
      <PageHeader title="Outbox" />
      <DataTable rows={rows} rowKey={(r) => r.id} empty="No messages yet." columns={[
        { header: "Sent", cell: (r) => when(r.createdAt) },
        { header: "To", cell: (r) => r.to },
        { header: "Subject", cell: (r) => r.subject },
        { header: "Kind", cell: (r) => label(r.tag) },
      ]} />
    </div>
  );
}

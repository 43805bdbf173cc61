import { PageHeader } from "@/components/ui/data-table";
import { opsCaller } from "@/server/trpc/server";

export const metadata = { title: "Jobs" };

export default async function JobsPage() {
  const { events } = await (await opsCaller()).ops.console.eventOutbox();
  return (
    <div>
      <PageHeader title="Jobs" />
      <div className="grid gap-3 md:grid-cols-3">
        <Stat label="Events waiting to be published" value={events.pending.toLocaleString("en-US")} />
        <Stat label="Oldest waiting event" value={events.oldestPendingSeconds == null ? "none" : `${events.oldestPendingSeconds} s`} />
        <Stat label="Events published" value={events.sent.toLocaleString("en-US")} />
      </div>
      <p className="mt-6 text-sm text-slate-500">Functions, runs and schedules appear here once the job server runs them.</p>
    </div>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"><div className="text-2xl font-semibold tabular-nums">{value}</div><div className="text-sm text-slate-500">{label}</div></div>;
}

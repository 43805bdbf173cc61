import Link from "next/link";
import { BookingLink } from "@/components/ops/booking-link";
import { ReplayWebhookButton } from "@/components/ops/replay-webhook-button";
import { Badge } from "@/components/ui/badge";
import { DataTable, PageHeader } from "@/components/ui/data-table";
import { label, when } from "@/components/ui/format";
import { webhookLogInput, webhookStates } from "@/server/services/provider-events/webhook-log";
import { opsCaller } from "@/server/trpc/server";

export const metadata = { title: "Webhooks" };

const stateOf = (r: { processed: boolean; matched: boolean; error: string | null }) =>
  r.processed ? "processed" : !r.matched && r.error ? "unmatched" : r.error ? "failed" : "pending";

export default async function WebhooksPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const sp = await searchParams;
  const parsed = webhookLogInput.safeParse({
    provider: sp.provider || undefined,
    state: sp.state || undefined,
    type: sp.type || undefined,
    page: Number(sp.page ?? 1),
  });
  const filters = parsed.success ? parsed.data : { page: 1 };
  const api = await opsCaller();
  const [rows, providers] = await Promise.all([api.ops.webhooks.list(filters), api.ops.console.providers()]);
  return (
    <div>
      <PageHeader title="Webhooks" />
      <form className="mb-4 flex flex-wrap gap-2 text-sm" aria-label="Filter webhooks">
        <select
          name="provider"
          defaultValue={sp.provider ?? ""}
          aria-label="Provider"
          className="rounded-md border border-slate-300 bg-white px-2 py-1.5"
        >
          <option value="">All providers</option>
          {providers.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name}
            </option>
          ))}
        </select>
        <select
          name="state"
          defaultValue={sp.state ?? ""}
          aria-label="State"
          className="rounded-md border border-slate-300 bg-white px-2 py-1.5"
        >
          <option value="">Any state</option>
          {webhookStates.map((s) => (
            <option key={s} value={s}>
              {label(s)}
            </option>
          ))}
        </select>
        <input
          name="type"
          defaultValue={sp.type ?? ""}
          placeholder="booking.cancelled"
          aria-label="Event type"
          className="rounded-md border border-slate-300 px-2 py-1.5"
        />
        <button className="rounded-md bg-slate-900 px-3 py-1.5 font-medium text-white">Filter</button>
      </form>
      <DataTable
        rows={rows}
        rowKey={(r) => r.id}
        empty="No webhooks match."
        columns={[
          {
            header: "Received",
            cell: (r) => (
              <Link href={`/ops/webhooks/${r.id}`} className="hover:underline">
                {when(r.receivedAt)}
              </Link>
            ),
          },
          { header: "Provider", cell: (r) => r.provider },
          {
            header: "Event",
            cell: (r) => (
              <Link href={`/ops/webhooks/${r.id}`} className="font-mono text-xs hover:underline">
                {r.type}
              </Link>
            ),
          },
          { header: "Booking", cell: (r) => <BookingLink id={r.bookingId} reference={r.reference} /> },
          { header: "State", cell: (r) => <Badge value={stateOf(r)} /> },
          { header: "Did", cell: (r) => (r.action ? label(r.action) : "") },
          { header: "Error", cell: (r) => (r.error ? <span className="text-rose-700">{r.error}</span> : null) },
          { header: "", cell: (r) => (!r.processed && r.error ? <ReplayWebhookButton id={r.id} /> : null) },
        ]}
      />
      <div className="mt-3 flex gap-3 text-sm">
        {filters.page > 1 && (
          <Link href={{ query: { ...sp, page: filters.page - 1 } }} className="hover:underline">
            ← Newer
          </Link>
        )}
        {rows.length === 50 && (
          <Link href={{ query: { ...sp, page: filters.page + 1 } }} className="hover:underline">
            Older →
          </Link>
        )}
      </div>
    </div>
  );
}

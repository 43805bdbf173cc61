import Link from "next/link";
import { BookingLink } from "@/components/ops/booking-link";
import { ReplayWebhookButton } from "@/components/ops/replay-webhook-button";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DataTable, PageHeader } from "@/components/ui/data-table";
import { Field } from "@/components/ui/field";
import { label, when } from "@/components/ui/format";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
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
  const [rows, providers] = await Promise.all([api.ops.webhooks.list(filters), api.ops.providers.list()]);
  return (
    <div>
      <PageHeader title="Webhooks" />
      <form className="mb-4 flex flex-wrap items-end gap-2 text-sm" aria-label="Filter webhooks">
        <Field label="Provider" hideLabel>
          <Select
            name="provider"
            defaultValue={sp.provider ?? ""}
            placeholder="All providers"
            options={providers.map((p) => ({ value: p.code, label: p.name }))}
          />
        </Field>
        <Field label="State" hideLabel>
          <Select
            name="state"
            defaultValue={sp.state ?? ""}
            placeholder="Any state"
            options={webhookStates.map((s) => ({ value: s, label: label(s) }))}
          />
        </Field>
        <Field label="Event type" hideLabel>
          <Input name="type" defaultValue={sp.type ?? ""} placeholder="booking.cancelled" />
        </Field>
        <Button type="submit" variant="primary">
          Filter
        </Button>
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

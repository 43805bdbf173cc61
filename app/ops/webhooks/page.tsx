import Link from "next/link";
import { z } from "zod";
import { BookingLink } from "@/components/ops/booking-link";
import { ReplayWebhookButton } from "@/components/ops/replay-webhook-button";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DataTable, PageHeader } from "@/components/ui/data-table";
import { Field } from "@/components/ui/field";
import { label, when } from "@/components/ui/format";
import { Input } from "@/components/ui/input";
import { listHref, Pager } from "@/components/ui/pager";
import { Select } from "@/components/ui/select";
import { webhookFilters, webhookStates } from "@/server/services/provider-events/webhook-log";
import { opsCaller } from "@/server/trpc/server";

export const metadata = { title: "Webhooks" };

const stateOf = (r: { processed: boolean; matched: boolean; error: string | null }) =>
  r.processed ? "processed" : !r.matched && r.error ? "unmatched" : r.error ? "failed" : "pending";

/** The webhook log: newest first, a keyset page at a time; filters and the page are in the URL. */
export default async function WebhooksPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const sp = await searchParams;
  const parsed = z.object(webhookFilters).safeParse({
    provider: sp.provider || undefined,
    state: sp.state || undefined,
    type: sp.type || undefined,
  });
  const filters = parsed.success ? parsed.data : {};
  const api = await opsCaller();
  const [page, providers] = await Promise.all([
    api.ops.webhooks.list({ ...filters, before: sp.before, after: sp.after }),
    api.ops.providers.list(),
  ]);
  const rows = page.rows;
  const href = (p: { before?: string; after?: string }) => listHref("/ops/webhooks", { ...filters, ...p });
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
      <Pager newer={page.newer} older={page.older} href={href} label="Webhook pages" />
    </div>
  );
}

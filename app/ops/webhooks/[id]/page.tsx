import Link from "next/link";
import { BookingLink } from "@/components/ops/booking-link";
import { ReplayWebhookButton } from "@/components/ops/replay-webhook-button";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/data-table";
import { label, when } from "@/components/ui/format";
import { opsCaller, orNotFound } from "@/server/trpc/server";

export const metadata = { title: "Webhook" };

export default async function WebhookPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const w = await orNotFound((await opsCaller()).ops.webhooks.get({ id }));
  const error = w.processingError ?? w.matchError;
  return (
    <div>
      <p className="text-sm">
        <Link href="/ops/webhooks" className="text-slate-500 hover:underline">
          ← Webhooks
        </Link>
      </p>
      <PageHeader title={`${w.providerCode} · ${w.eventType}`}>
        <Badge value={w.processed ? "processed" : error ? (w.matched ? "failed" : "unmatched") : "pending"} />
        {!w.processed && error && <ReplayWebhookButton id={w.id} />}
      </PageHeader>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm md:grid-cols-4">
        <dt className="text-slate-500">Provider event</dt>
        <dd className="font-mono text-xs">{w.webhookId}</dd>
        <dt className="text-slate-500">Occurred</dt>
        <dd>{when(w.occurredAt)}</dd>
        <dt className="text-slate-500">Received</dt>
        <dd>{when(w.receivedAt)}</dd>
        <dt className="text-slate-500">Attempts</dt>
        <dd>{w.attempts}</dd>
        <dt className="text-slate-500">Booking</dt>
        <dd>
          <BookingLink id={w.bookingId} reference={w.reference} />
        </dd>
        <dt className="text-slate-500">Did</dt>
        <dd>{w.actionTaken ? label(w.actionTaken) : "nothing yet"}</dd>
      </dl>
      {error && (
        <p role="alert" className="mt-4 rounded-md bg-rose-50 p-3 text-sm text-rose-800">
          {error}
        </p>
      )}
      {w.actionDetails != null && (
        <>
          <h2 className="mt-6 mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">What it changed</h2>
          <pre className="overflow-x-auto rounded-md bg-slate-100 p-3 text-xs">
            {JSON.stringify(w.actionDetails, null, 2)}
          </pre>
        </>
      )}
      <h2 className="mt-6 mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">Payload as received</h2>
      <pre className="overflow-x-auto rounded-md bg-slate-100 p-3 text-xs">{JSON.stringify(w.payload, null, 2)}</pre>
    </div>
  );
}

import Link from "next/link";
import { BookingLink } from "@/components/ops/booking-link";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/data-table";
import { label, when } from "@/components/ui/format";
import { opsCaller, orNotFound } from "@/server/trpc/server";
import { ClearFlagButton, ResendButton } from "../message-buttons";

export const metadata = { title: "Message" };

export default async function MessagePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const m = await orNotFound((await opsCaller()).ops.outbox.get({ id }));
  return (
    <div>
      <p className="text-sm">
        <Link href="/ops/outbox" className="text-slate-500 hover:underline">
          ← Outbox
        </Link>
      </p>
      <PageHeader title={`${label(m.type)} · ${m.channel}`}>
        <Badge value={m.status} />
        <ResendButton id={m.id} />
      </PageHeader>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm md:grid-cols-4">
        <dt className="text-slate-500">Booking</dt>
        <dd>
          <BookingLink id={m.bookingId} reference={m.reference} />
        </dd>
        <dt className="text-slate-500">To</dt>
        <dd>{m.recipientPhone ?? m.recipientEmail}</dd>
        <dt className="text-slate-500">Queued</dt>
        <dd>{when(m.createdAt)}</dd>
        <dt className="text-slate-500">Sent</dt>
        <dd>{when(m.sentAt)}</dd>
        <dt className="text-slate-500">Provider</dt>
        <dd>
          {m.provider ?? "—"} <span className="font-mono text-xs">{m.providerMessageId}</span>
        </dd>
        <dt className="text-slate-500">Retries</dt>
        <dd>
          {m.retryCount}
          {m.nextRetryAt && ` (next ${when(m.nextRetryAt)})`}
        </dd>
        <dt className="text-slate-500">Dedupe key</dt>
        <dd className="font-mono text-xs break-all">{m.dedupeKey}</dd>
      </dl>
      {m.failureReason && (
        <p role="alert" className="mt-4 rounded-md bg-rose-50 p-3 text-sm text-rose-800">
          {m.failureReason}
        </p>
      )}
      {m.flag && (
        <p className="mt-2 flex items-center gap-3 rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          {m.flag.address} is flagged ({m.flag.reason}) since {when(m.flag.createdAt)}: nothing is sent to it until the
          contact is fixed.
          <ClearFlagButton id={m.flag.id} />
        </p>
      )}
      <h2 className="mt-6 mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">Delivery events</h2>
      {m.events.length === 0 ? (
        <p className="text-sm text-slate-500">None yet.</p>
      ) : (
        <ol className="space-y-1 text-sm">
          {m.events.map((e) => (
            <li key={e.id}>
              <span className="font-mono text-xs">{e.type}</span> · {e.source} · {when(e.occurredAt ?? e.createdAt)}
            </li>
          ))}
        </ol>
      )}
      <h2 className="mt-6 mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">Preview</h2>
      {!m.preview ? (
        <p className="text-sm text-slate-500">Not rendered yet (the message has not been sent).</p>
      ) : (
        <div className="grid gap-4 lg:grid-cols-2">
          {m.preview.html && (
            // The message's own HTML, isolated: a sandbox without scripts, forms or same-origin access.
            <iframe
              title="HTML preview"
              sandbox=""
              srcDoc={m.preview.html}
              className="h-[600px] w-full rounded-md border border-slate-200 bg-white"
            />
          )}
          <div>
            {m.preview.subject && <p className="mb-2 text-sm font-medium">{m.preview.subject}</p>}
            <pre className="overflow-x-auto whitespace-pre-wrap rounded-md bg-slate-100 p-3 text-xs">
              {m.preview.text}
            </pre>
          </div>
        </div>
      )}
    </div>
  );
}

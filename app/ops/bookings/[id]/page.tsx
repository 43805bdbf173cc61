import Link from "next/link";
import { DocumentsList } from "@/components/documents-list";
import { AvailableActionsPanel } from "@/components/ops/available-actions-panel";
import { GenerateDocumentsButton } from "@/components/ops/generate-documents-button";
import { IntakePanel } from "@/components/ops/intake/intake-panel";
import { MoneyActions, RetryButton } from "@/components/ops/money-actions";
import { Badge } from "@/components/ui/badge";
import { DataTable, PageHeader } from "@/components/ui/data-table";
import { label, money, when } from "@/components/ui/format";
import { opsCaller, orNotFound } from "@/server/trpc/server";

export default async function OpsBookingPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const api = await opsCaller();
  const b = await orNotFound(api.ops.bookings.get({ id }));
  const [docs, actions, intake] = await Promise.all([
    api.ops.documents.list({ bookingId: b.id }),
    api.ops.bookings.actions({ id: b.id }),
    api.ops.intake.ofBooking({ bookingId: b.id }),
  ]);
  return (
    <div className="space-y-6">
      <PageHeader title={`Booking ${b.bookingReference}`}>
        <div className="flex items-center gap-2">
          <Badge value={b.status} />
          {b.syncStatus !== "synced" && <Badge value={b.syncStatus} />}
        </div>
      </PageHeader>
      <section className="grid gap-3 text-sm md:grid-cols-4">
        <Fact
          k="Contact"
          v={
            <>
              {b.contactInfo.name}
              <br />
              <span className="text-slate-500">{b.contactEmail}</span>
            </>
          }
        />
        <Fact k="Charged" v={money(b.totalMinor, b.currency)} />
        <Fact k="Paid / refunded" v={`${money(b.paidMinor, b.currency)} / ${money(b.refundedMinor, b.currency)}`} />
        <Fact k="Travel (UTC)" v={`${when(b.travelStartAt)} → ${when(b.travelEndAt)}`} />
        {b.syncError && <Fact k="Sync error" v={<span className="text-rose-700">{b.syncError}</span>} />}
        {b.hasIssue && <Fact k={`Issue: ${b.issueType ?? ""}`} v={b.issueDescription ?? ""} />}
      </section>
      <IntakePanel intake={intake} />
      <Section title="Items">
        <DataTable
          rows={b.items}
          rowKey={(i) => i.id}
          columns={[
            { header: "Category", cell: (i) => label(i.category) },
            {
              header: "Provider",
              cell: (i) => (
                <>
                  {i.providerCode}
                  <div className="font-mono text-xs text-slate-500">{i.providerBookingId}</div>
                </>
              ),
            },
            {
              header: "Local times",
              cell: (i) => (
                <>
                  {when(i.startAt, i.startZone ?? "UTC")} → {when(i.endAt, i.endZone ?? i.startZone ?? "UTC")}
                  <div className="text-xs text-slate-500">{i.startZone}</div>
                </>
              ),
            },
            { header: "Share", cell: (i) => money(i.chargeShareMinor, b.currency) },
            { header: "Status", cell: (i) => <Badge value={i.status} /> },
          ]}
        />
      </Section>
      <Section title="Payments and refunds">
        <DataTable
          rows={[
            ...b.payments.map((p) => ({
              id: p.id,
              what: p.kind,
              status: p.status,
              amount: money(p.amountMinor, p.currency),
              note: p.method as React.ReactNode,
              at: p.createdAt,
            })),
            ...b.refunds.map((r) => ({
              id: r.id,
              what: `refund ${r.refundReference}`,
              status: r.status,
              amount: money(r.amountMinor, r.currency),
              at: r.createdAt,
              note: (
                <>
                  {r.failureReason ?? (r.estimatedArrival ? `arrives by ${r.estimatedArrival}` : "")}
                  {r.status === "failed" && (
                    <>
                      {" "}
                      <RetryButton kind="refund" id={r.id} />
                    </>
                  )}
                </>
              ),
            })),
            ...b.cancellations
              .filter((c) => c.status === "partial")
              .map((c) => ({
                id: c.id,
                what: "cancellation (partial)",
                status: c.status,
                amount: "",
                at: c.createdAt,
                note: <RetryButton kind="cancellation" id={c.id} />,
              })),
          ]}
          rowKey={(r) => r.id}
          columns={[
            { header: "What", cell: (r) => label(r.what) },
            { header: "Amount", cell: (r) => r.amount },
            { header: "Status", cell: (r) => <Badge value={r.status} /> },
            { header: "Note", cell: (r) => r.note },
            { header: "When", cell: (r) => when(r.at) },
          ]}
        />
      </Section>
      <Section title="Support actions">
        <MoneyActions bookingId={b.id} currency={b.currency} cancellable={actions.ops.cancel.allowed} />
      </Section>
      <Section title="Available actions">
        <AvailableActionsPanel ops={actions.ops} onBehalf={actions.onBehalf} />
        <Link href={`/ops/bookings/${b.id}/act`} className="mt-2 inline-block text-sm text-sky-700 hover:underline">
          Act for the traveler →
        </Link>
      </Section>
      <Section title="Documents">
        <DocumentsList docs={docs} empty="No documents generated yet." />
        {actions.ops.generate_documents.allowed && (
          <GenerateDocumentsButton bookingId={b.id} hasDocuments={docs.length > 0} />
        )}
      </Section>
      <Section title="Timeline">
        <ol className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" aria-label="Timeline">
          {b.timeline.map((t, k) => (
            <li key={k} className="grid grid-cols-[10rem_6rem_1fr] gap-3 px-3 py-2 text-sm" data-kind={t.kind}>
              <span className="text-slate-500 tabular-nums">{when(t.at)}</span>
              <span>
                <Badge value={label(t.kind)} />
              </span>
              <span className={t.tone === "error" ? "text-rose-700" : t.tone === "warning" ? "text-amber-800" : ""}>
                {t.href ? (
                  <Link href={t.href} className="font-medium hover:underline">
                    {t.title}
                  </Link>
                ) : (
                  <span className="font-medium">{t.title}</span>
                )}
                {t.detail && <span className="text-slate-600"> · {t.detail}</span>}
                {t.by && <span className="text-xs text-slate-400"> · by {t.by}</span>}
              </span>
            </li>
          ))}
        </ol>
      </Section>
      <Link href="/ops/bookings" className="text-sm text-sky-700 hover:underline">
        ← All bookings
      </Link>
    </div>
  );
}

function Fact({ k, v }: { k: string; v: React.ReactNode }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-3">
      <div className="text-xs uppercase tracking-wide text-slate-500">{k}</div>
      <div className="mt-1">{v}</div>
    </div>
  );
}
function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section>
      <h2 className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">{title}</h2>
      {children}
    </section>
  );
}

import Link from "next/link";
import { BookingLink } from "@/components/ops/booking-link";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/data-table";
import { label, money, when } from "@/components/ui/format";
import { opsCaller, orNotFound } from "@/server/trpc/server";
import { Countdown } from "../countdown";
import { EvidencePanel } from "./evidence-panel";

export const metadata = { title: "Dispute" };

export default async function DisputePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const d = await orNotFound((await opsCaller()).ops.disputes.get({ disputeId: id }));
  const open = !d.resolvedAt;
  return (
    <div>
      <p className="text-sm">
        <Link href="/ops/disputes" className="text-slate-500 hover:underline">
          ← Disputes
        </Link>
      </p>
      <PageHeader title={`Dispute ${money(d.amountMinor, d.currency)}`}>
        <Badge value={d.status} />
        {d.deadlineStage && open && <Badge value={d.deadlineStage === "due_72h" ? "high" : "critical"} />}
      </PageHeader>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm md:grid-cols-4">
        <dt className="text-slate-500">Booking</dt>
        <dd>
          {d.booking ? (
            <>
              <BookingLink id={d.booking.id} reference={d.booking.reference} /> <Badge value={d.booking.status} />
            </>
          ) : (
            <span className="text-rose-700">No payment of ours matches this charge</span>
          )}
        </dd>
        <dt className="text-slate-500">Reason</dt>
        <dd>{label(d.reason ?? "—")}</dd>
        <dt className="text-slate-500">Stripe</dt>
        <dd className="font-mono text-xs">
          {d.stripeDisputeId}
          <br />
          {d.stripeChargeId}
        </dd>
        <dt className="text-slate-500">Opened</dt>
        <dd>{when(d.createdAt)} UTC</dd>
        <dt className="text-slate-500">Evidence due</dt>
        <dd>
          {d.evidenceDueBy ? (
            <>
              {when(d.evidenceDueBy)} UTC
              {open && !d.evidenceSubmitted && (
                <>
                  {" "}
                  · <Countdown to={d.evidenceDueBy.toISOString()} />
                </>
              )}
            </>
          ) : (
            "—"
          )}
        </dd>
        <dt className="text-slate-500">Evidence</dt>
        <dd>
          {d.evidenceSubmittedAt
            ? `submitted ${when(d.evidenceSubmittedAt)} UTC${d.evidenceData?.submittedBy ? ` by ${d.evidenceData.submittedBy}` : ""}`
            : d.evidenceSubmitted
              ? "submitted elsewhere"
              : "not submitted"}
        </dd>
        <dt className="text-slate-500">Funds</dt>
        <dd>
          {d.fundsWithdrawnAt ? `withdrawn ${when(d.fundsWithdrawnAt)}` : "—"}
          {d.fundsReinstatedAt ? `, reinstated ${when(d.fundsReinstatedAt)}` : ""}
        </dd>
        <dt className="text-slate-500">Outcome</dt>
        <dd>
          {d.outcome ?? "pending"}
          {d.resolvedAt ? ` (${when(d.resolvedAt)})` : ""}
        </dd>
        {d.booking && (
          <>
            <dt className="text-slate-500">Paid / refunded</dt>
            <dd>
              {money(d.booking.paidMinor, d.booking.currency)} / {money(d.booking.refundedMinor, d.booking.currency)}
            </dd>
          </>
        )}
        {d.booking?.statusBeforeDispute && (
          <>
            <dt className="text-slate-500">Returns to</dt>
            <dd>
              <Badge value={d.booking.statusBeforeDispute} /> if won
            </dd>
          </>
        )}
        {d.chargeback && (
          <>
            <dt className="text-slate-500">Chargeback</dt>
            <dd>
              {d.chargeback.reference}: {money(d.chargeback.amountMinor, d.chargeback.currency)} counted as refunded
            </dd>
          </>
        )}
      </dl>

      {d.alerts.length > 0 && (
        <>
          <h2 className="mt-6 mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">Alerts</h2>
          <ul className="space-y-1 text-sm">
            {d.alerts.map((a) => (
              <li key={a.id} className="flex items-center gap-2">
                <Badge value={a.severity} /> {a.title} <Badge value={a.status} />
              </li>
            ))}
          </ul>
        </>
      )}

      <h2 className="mt-6 mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">Evidence</h2>
      {d.evidenceSubmittedAt && d.evidenceData?.evidence ? (
        <SubmittedEvidence evidence={d.evidenceData.evidence} files={d.evidenceData.files ?? []} />
      ) : d.booking ? (
        <EvidencePanel disputeId={d.id} initialNotes={d.internalNotes ?? ""} />
      ) : (
        <p className="text-sm text-slate-500">
          Without a matching booking there are no records to submit. Find the payment, then answer in the Stripe
          dashboard.
        </p>
      )}
    </div>
  );
}

function SubmittedEvidence({
  evidence,
  files,
}: {
  evidence: Record<string, string>;
  files: { field: string; filename: string; bytes: number }[];
}) {
  return (
    <div className="space-y-3">
      <dl className="space-y-2 text-sm">
        {Object.entries(evidence).map(([k, v]) => (
          <div key={k}>
            <dt className="font-mono text-xs text-slate-500">{k}</dt>
            <dd className="whitespace-pre-wrap">{v}</dd>
          </div>
        ))}
      </dl>
      <ul className="text-sm">
        {files.map((f) => (
          <li key={f.field}>
            <span className="font-mono text-xs">{f.field}</span>: {f.filename} ({Math.round(f.bytes / 1024)} KB)
          </li>
        ))}
      </ul>
    </div>
  );
}

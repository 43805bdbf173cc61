import Link from "next/link";
import { ResolvePayoutDispute } from "@/components/ops/payouts/resolve-payout-dispute";
import { StatementUploadForm } from "@/components/ops/payouts/statement-upload-form";
import { Badge } from "@/components/ui/badge";
import { DataTable, PageHeader } from "@/components/ui/data-table";
import { label, money, when } from "@/components/ui/format";
import { listHref, Pager } from "@/components/ui/pager";
import { payoutDisputeStatuses, type PayoutDisputeStatus } from "@/server/domain/statements/types";
import { opsCaller } from "@/server/trpc/server";

export const metadata = { title: "Provider payouts" };

type Search = { status?: string; before?: string; after?: string; linesBefore?: string; linesAfter?: string };

const h2 = "mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500";
const amount = (minor: number | null, currency: string) => (minor === null ? "—" : money(minor, currency));

// A provider's payouts (issue 23 item 4): what we owe it per currency from our own records, its
// statements, the lines we could not match and the payout disputes (?status=open|resolved), each
// list a keyset page with its cursor in the URL.
export default async function ProviderPayoutsPage({
  params,
  searchParams,
}: {
  params: Promise<{ code: string }>;
  searchParams: Promise<Search>;
}) {
  const { code } = await params;
  const sp = await searchParams;
  const status = (payoutDisputeStatuses as readonly string[]).includes(sp.status ?? "")
    ? (sp.status as PayoutDisputeStatus)
    : undefined;
  const api = await opsCaller();
  const [overview, lines, disputes] = await Promise.all([
    api.ops.payouts.overview({ providerCode: code }),
    api.ops.payouts.unmatchedLines({ providerCode: code, before: sp.linesBefore, after: sp.linesAfter }),
    api.ops.payouts.disputes({ providerCode: code, status, before: sp.before, after: sp.after }),
  ]);
  const base = `/ops/providers/${encodeURIComponent(code)}/payouts`;
  const keep = { status, linesBefore: sp.linesBefore, linesAfter: sp.linesAfter, before: sp.before, after: sp.after };
  const api_ = `/api/ops/providers/${encodeURIComponent(code)}`;
  const chip = (on: boolean) => `rounded border px-2 py-0.5 ${on ? "bg-slate-900 text-white" : ""}`;
  const today = new Date().toISOString().slice(0, 10);
  return (
    <div>
      <PageHeader title={`${overview.provider.name}: payouts`} />
      <p className="mb-4 text-sm">
        <Link href="/ops/providers" className="text-sky-700 hover:underline">
          ← Providers
        </Link>
      </p>

      <section aria-label="Balance" className="mb-8">
        <h2 className={h2}>Balance</h2>
        <DataTable
          rows={overview.balances}
          rowKey={(b) => b.currency}
          empty="No bookings or disputes with this provider yet."
          columns={[
            { header: "Currency", cell: (b) => b.currency },
            { header: "We owe (negative: it owes us)", cell: (b) => money(b.owedMinor, b.currency) },
            { header: "Ledger entries", cell: (b) => b.entries.toLocaleString("en-US") },
            { header: "Open disputes", cell: (b) => b.openDisputes },
            { header: "Disputed (statement − ours)", cell: (b) => money(b.disputedMinor, b.currency) },
          ]}
        />
        <p className="mt-2 text-sm">
          <a href={`${api_}/ledger`} className="text-sky-700 hover:underline">
            Export the ledger (CSV, statement format)
          </a>
        </p>
      </section>

      <section aria-label="Statements" className="mb-8">
        <h2 className={h2}>Statements</h2>
        <StatementUploadForm providerCode={code} />
        {overview.provider.adapter === "sandbox" && (
          <form
            method="get"
            action={`${api_}/sandbox-statement`}
            className="mt-2 flex flex-wrap items-end gap-2 text-sm"
          >
            <span className="text-slate-600">Sandbox statement (with a missing, an extra and a mismatched line):</span>
            <input
              name="from"
              type="date"
              required
              defaultValue={`${today.slice(0, 8)}01`}
              className="rounded border px-1"
            />
            <input name="to" type="date" required defaultValue={today} className="rounded border px-1" />
            <input
              name="currency"
              required
              defaultValue={overview.balances[0]?.currency ?? "EUR"}
              size={4}
              className="rounded border px-1"
            />
            <button type="submit" className="rounded border border-slate-300 bg-white px-3 py-1 hover:bg-slate-50">
              Download
            </button>
          </form>
        )}
        <div className="mt-3">
          <DataTable
            rows={overview.statements}
            rowKey={(s) => s.id}
            empty="No statement imported yet."
            columns={[
              { header: "Statement", cell: (s) => <span className="font-mono">{s.statementId}</span> },
              { header: "Period", cell: (s) => `${s.periodFrom} – ${s.periodTo}` },
              { header: "Lines", cell: (s) => `${s.matchedCount}/${s.lineCount} matched` },
              { header: "Total", cell: (s) => money(s.totalMinor, s.currency) },
              { header: "Disputes", cell: (s) => s.disputeCount },
              { header: "Imported", cell: (s) => `${when(s.createdAt)} by ${s.importedBy}` },
            ]}
          />
        </div>
      </section>

      <section aria-label="Unmatched lines" className="mb-8">
        <h2 className={h2}>Unmatched lines</h2>
        <DataTable
          rows={lines.rows}
          rowKey={(l) => l.id}
          empty="Every line matched our ledger."
          columns={[
            { header: "Line", cell: (l) => <span className="font-mono">{l.lineId}</span> },
            { header: "Reference", cell: (l) => <span className="font-mono">{l.providerReference}</span> },
            { header: "Type", cell: (l) => l.type },
            { header: "Statement says", cell: (l) => money(l.amountMinor, l.currency) },
            { header: "Ours", cell: (l) => amount(l.ourAmountMinor, l.currency) },
            { header: "On", cell: (l) => l.occurredOn },
            { header: "", cell: (l) => <Badge value={l.matchStatus} /> },
          ]}
        />
        <Pager
          newer={lines.newer}
          older={lines.older}
          href={(p) => listHref(base, { ...keep, linesBefore: p.before, linesAfter: p.after })}
          label="Unmatched line pages"
        />
      </section>

      <section aria-label="Payout disputes">
        <h2 className={h2}>Payout disputes</h2>
        <nav aria-label="Filter" className="mb-3 flex flex-wrap gap-1 text-xs">
          <Link
            href={listHref(base, { ...keep, status: undefined, before: undefined, after: undefined })}
            className={chip(!status)}
            aria-pressed={!status}
          >
            All
          </Link>
          {payoutDisputeStatuses.map((s) => (
            <Link
              key={s}
              href={listHref(base, { ...keep, status: s, before: undefined, after: undefined })}
              className={chip(status === s)}
              aria-pressed={status === s}
            >
              {label(s)}
            </Link>
          ))}
        </nav>
        <DataTable
          rows={disputes.rows}
          rowKey={(d) => d.id}
          empty="No payout disputes."
          columns={[
            { header: "Difference", cell: (d) => label(d.kind) },
            { header: "Reference", cell: (d) => <span className="font-mono">{d.providerReference}</span> },
            { header: "Type", cell: (d) => d.type },
            { header: "Statement says", cell: (d) => amount(d.statementAmountMinor, d.currency) },
            { header: "Ours", cell: (d) => amount(d.ourAmountMinor, d.currency) },
            { header: "Opened", cell: (d) => when(d.createdAt) },
            {
              header: "",
              cell: (d) =>
                d.status === "open" ? (
                  <ResolvePayoutDispute disputeId={d.id} />
                ) : (
                  <span className="text-slate-600">
                    {d.resolutionNote} ({d.resolvedBy}, {when(d.resolvedAt)})
                  </span>
                ),
            },
          ]}
        />
        <Pager
          newer={disputes.newer}
          older={disputes.older}
          href={(p) => listHref(base, { ...keep, before: p.before, after: p.after })}
          label="Payout dispute pages"
        />
      </section>
    </div>
  );
}

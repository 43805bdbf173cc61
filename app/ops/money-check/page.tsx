import Link from "next/link";
import { z } from "zod";
import { BookingLink } from "@/components/ops/booking-link";
import { Badge } from "@/components/ui/badge";
import { DataTable, PageHeader } from "@/components/ui/data-table";
import { label, money, when } from "@/components/ui/format";
import { listHref, Pager } from "@/components/ui/pager";
import { opsCaller } from "@/server/trpc/server";
import { RunMoneyCheckButton } from "./run-now-button";

export const metadata = { title: "Money check" };

const runParam = z.uuid();

/** The daily money check: the runs newest first, and one run's lines and the rows behind its differences. */
export default async function MoneyCheckPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const sp = await searchParams;
  const api = await opsCaller();
  const page = await api.ops.moneyCheck.list({ before: sp.before, after: sp.after });
  const chosen = runParam.safeParse(sp.run);
  const runId = chosen.success ? chosen.data : page.rows[0]?.id;
  const run = runId ? await api.ops.moneyCheck.get({ id: runId }).catch(() => null) : null;
  const href = (p: { before?: string; after?: string }) => listHref("/ops/money-check", p);
  return (
    <div className="space-y-6">
      <PageHeader title="Money check">
        <RunMoneyCheckButton />
      </PageHeader>
      <p className="text-sm text-slate-600">
        Every day, per currency, the gateway’s own records (charges, refunds, chargebacks) against ours recounted from
        payment and refund rows; each ledger adds its own line. Any difference is a critical alert.
      </p>
      {run && (
        <section aria-label="Selected run" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
          <h2 className="flex items-center gap-2 font-medium">
            <Status value={run.status} />
            Run of {when(run.startedAt)} UTC · {run.gateway} gateway · records before {when(run.asOf)}
          </h2>
          {run.error && <p className="text-sm text-rose-700">{run.error}</p>}
          <Lines lines={run.lines} />
          {run.differenceCount > 0 && (
            <>
              <h3 className="text-sm font-medium">
                Rows behind the differences ({run.differences.length} of {run.differenceCount} kept)
              </h3>
              <DataTable
                rows={run.differences}
                rowKey={(d) => `${d.line}:${d.ourId ?? ""}:${d.gatewayId ?? ""}`}
                empty="No rows."
                columns={[
                  { header: "Line", cell: (d) => label(d.line) },
                  { header: "Problem", cell: (d) => <Badge value={d.problem} /> },
                  { header: "Ours", cell: (d) => <span className="font-mono text-xs">{d.ourId ?? "—"}</span> },
                  { header: "Gateway", cell: (d) => <span className="font-mono text-xs">{d.gatewayId ?? "—"}</span> },
                  {
                    header: "Booking",
                    cell: (d) => (d.bookingId ? <BookingLink id={d.bookingId} reference={null} /> : null),
                  },
                  { header: "Our amount", cell: (d) => amount(d.oursMinor, d.currency) },
                  { header: "Gateway amount", cell: (d) => amount(d.gatewayMinor, d.currency) },
                ]}
              />
            </>
          )}
        </section>
      )}
      <DataTable
        rows={page.rows}
        rowKey={(r) => r.id}
        empty="No money check has run yet: it runs daily at 04:30 UTC, or run it now."
        columns={[
          {
            header: "Started",
            cell: (r) => (
              <Link href={`/ops/money-check?run=${r.id}`} className="hover:underline">
                {when(r.startedAt)}
              </Link>
            ),
          },
          { header: "Result", cell: (r) => <Status value={r.status} /> },
          { header: "Gateway", cell: (r) => r.gateway },
          { header: "Differences", cell: (r) => r.differenceCount },
          {
            header: "Took",
            cell: (r) =>
              r.finishedAt ? `${((r.finishedAt.getTime() - r.startedAt.getTime()) / 1000).toFixed(1)} s` : "",
          },
          { header: "By", cell: (r) => r.triggeredBy },
        ]}
      />
      <Pager newer={page.newer} older={page.older} href={href} label="Money check pages" />
    </div>
  );
}

const tones: Record<string, string> = {
  green: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  red: "bg-red-600 text-white ring-red-700",
  failed: "bg-red-100 text-red-800 ring-red-300",
  running: "bg-amber-50 text-amber-700 ring-amber-200",
};
function Status({ value }: { value: string }) {
  return (
    <span className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tones[value] ?? ""}`}>
      {value}
    </span>
  );
}

const amount = (minor: number | null, currency: string | null) =>
  minor === null || currency === null ? "—" : money(minor, currency);

type Line = {
  line: string;
  label: string;
  currency: string;
  oursMinor: number;
  gatewayMinor: number;
  differenceMinor: number;
};

function Lines({ lines }: { lines: Line[] }) {
  return (
    <table className="text-sm">
      <thead>
        <tr className="text-xs text-slate-500">
          <th className="pr-6 text-left">Line</th>
          <th className="pr-6 text-left">Currency</th>
          <th className="pr-6 text-right">Ours</th>
          <th className="pr-6 text-right">Gateway</th>
          <th className="text-right">Difference</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((l) => (
          <tr key={`${l.line}:${l.currency}`} className={l.differenceMinor ? "text-rose-700" : undefined}>
            <td className="pr-6">{l.label}</td>
            <td className="pr-6">{l.currency}</td>
            <td className="pr-6 text-right tabular-nums">{money(l.oursMinor, l.currency)}</td>
            <td className="pr-6 text-right tabular-nums">{money(l.gatewayMinor, l.currency)}</td>
            <td className="text-right tabular-nums">{money(l.differenceMinor, l.currency)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

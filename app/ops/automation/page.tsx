import { BookingLink } from "@/components/ops/booking-link";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/data-table";
import { label, when } from "@/components/ui/format";
import { opsCaller } from "@/server/trpc/server";
import { CreditBonusForm } from "@/components/ops/credits/credit-bonus-form";
import { RuleToggle } from "./rule-toggle";

export const metadata = { title: "Automation" };

const params = (p: Record<string, unknown>) =>
  Object.entries(p)
    .map(([k, v]) => `${label(k)}: ${Array.isArray(v) ? v.join(", ") : String(v)}`)
    .join(" · ");
const detail = (d: Record<string, unknown>) =>
  Object.entries(d)
    .filter(([, v]) => v !== null && v !== undefined && typeof v !== "object")
    .map(([k, v]) => `${label(k)} ${String(v)}`)
    .join(", ");

/** The spec's auto-resolution rules: what fires each, what it checks and does, on/off, and what its last runs did. */
export default async function AutomationPage() {
  const api = await opsCaller();
  const [rules, credit] = await Promise.all([api.ops.automation.rules(), api.ops.automation.creditSettings()]);
  return (
    <div>
      <PageHeader title="Automation rules" />
      <p className="mb-6 max-w-3xl text-sm text-slate-600">
        Each rule fires on an event, checks its conditions, and runs its actions through the same services the rest of
        the product uses: an action another path already did reports <em>unchanged</em>. A failed run raises an alert
        and a follow-up.
      </p>
      <section aria-label="Travel credit" className="mb-6 rounded-lg border border-slate-200 bg-white px-4 py-3">
        <h2 className="text-sm font-semibold">Travel credit</h2>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          A signed-in traveler may take the card part of their cancellation&apos;s refund as travel credit, with this
          bonus (rounded once to the currency&apos;s minor unit). A choice keeps the bonus in force when it was made.
        </p>
        <div className="mt-2">
          <CreditBonusForm bps={credit.refundBonusBps} />
        </div>
        <p className="mt-1 text-xs text-slate-500">
          {credit.updatedBy
            ? `Last changed by ${credit.updatedBy}, ${when(credit.updatedAt)}`
            : "The default, never changed"}
        </p>
      </section>
      <div className="flex flex-col gap-6">
        {rules.map((r) => (
          <section key={r.id} aria-label={r.id} className="rounded-lg border border-slate-200 bg-white">
            <header className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-100 px-4 py-3">
              <div>
                <h2 className="font-mono text-sm font-semibold">{r.id}</h2>
                <p className="mt-1 max-w-3xl text-sm text-slate-600">{r.description}</p>
                <p className="mt-1 text-xs text-slate-500">
                  {r.updatedBy
                    ? `Last changed by ${r.updatedBy}, ${when(r.updatedAt)}`
                    : "Never changed from the console"}
                  {" · "}runs: {r.totals.completed ?? 0} completed, {r.totals.failed ?? 0} failed
                  {r.totals.started ? `, ${r.totals.started} running` : ""}
                </p>
              </div>
              <RuleToggle ruleId={r.id} enabled={r.enabled} />
            </header>
            <dl className="grid gap-4 px-4 py-3 text-sm md:grid-cols-3">
              <div>
                <dt className="text-xs font-semibold uppercase tracking-wide text-slate-500">When</dt>
                <dd className="mt-1">
                  <span className="font-mono">{r.event}</span>{" "}
                  <span className="text-xs text-slate-500">({label(r.trigger)})</span>
                </dd>
              </div>
              <div>
                <dt className="text-xs font-semibold uppercase tracking-wide text-slate-500">If</dt>
                <dd className="mt-1">
                  {r.conditions.length === 0 ? (
                    <span className="text-slate-500">always</span>
                  ) : (
                    <ul className="list-inside list-disc">
                      {r.conditions.map((c) => (
                        <li key={c} className="font-mono text-xs">
                          {c}
                        </li>
                      ))}
                    </ul>
                  )}
                </dd>
              </div>
              <div>
                <dt className="text-xs font-semibold uppercase tracking-wide text-slate-500">Then</dt>
                <dd className="mt-1">
                  <ol className="list-inside list-decimal">
                    {r.actions.map((a, i) => (
                      <li key={i}>
                        {label(a.type)}
                        {Object.keys(a.params).length > 0 && (
                          <span className="text-xs text-slate-500"> ({params(a.params)})</span>
                        )}
                      </li>
                    ))}
                  </ol>
                </dd>
              </div>
            </dl>
            <div className="border-t border-slate-100 px-4 py-3">
              <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Last runs</h3>
              {r.lastRuns.length === 0 ? (
                <p className="text-sm text-slate-500">No runs yet.</p>
              ) : (
                <table className="w-full text-left text-sm">
                  <thead className="text-xs text-slate-500">
                    <tr>
                      <th className="py-1 pr-3 font-medium">Started</th>
                      <th className="pr-3 font-medium">Status</th>
                      <th className="pr-3 font-medium">Booking</th>
                      <th className="font-medium">What it did</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100 align-top">
                    {r.lastRuns.map((run) => (
                      <tr key={run.id}>
                        <td className="py-1.5 pr-3 whitespace-nowrap tabular-nums">{when(run.startedAt)}</td>
                        <td className="pr-3">
                          <Badge value={run.status} />
                        </td>
                        <td className="pr-3">
                          <BookingLink id={run.bookingId} reference={run.reference} />
                        </td>
                        <td>
                          <ul className="text-xs">
                            {run.actions.map((a) => (
                              <li key={a.index}>
                                <span className="font-medium">{label(a.type)}</span>:{" "}
                                <span className={a.outcome === "done" ? "text-emerald-700" : "text-slate-500"}>
                                  {a.outcome}
                                </span>
                                {detail(a.detail) && <span className="text-slate-500"> — {detail(a.detail)}</span>}
                              </li>
                            ))}
                          </ul>
                          {run.error && <p className="text-xs text-rose-700">{run.error}</p>}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
          </section>
        ))}
      </div>
    </div>
  );
}

import { money, when } from "@/components/ui/format";

type Cancellation = {
  id: string;
  status: string;
  confirmedAt: Date | null;
  completedAt: Date | null;
  quote: { refundMinor: number; currency: string } | null;
  providers: { itemId: string; status: string }[];
};
type Refund = {
  id: string;
  cancellationId: string | null;
  status: string;
  amountMinor: number;
  currency: string;
  estimatedArrival: string | null;
  processedAt: Date | null;
  createdAt: Date;
  reason: string | null;
};

/**
 * Where the traveler's money is: requested → cancelled with the providers → refund sent →
 * expected arrival (computed in business days from the payment method). Server-rendered: no script.
 */
export function RefundTracker({ cancellations, refunds }: { cancellations: Cancellation[]; refunds: Refund[] }) {
  const loose = refunds.filter((r) => !r.cancellationId || !cancellations.some((c) => c.id === r.cancellationId));
  if (cancellations.length === 0 && loose.length === 0) return null;
  return (
    <section className="mt-6" aria-label="Refund tracker">
      <h2 className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">Cancellation and refund</h2>
      {cancellations
        .filter((c) => c.status !== "awaiting_confirmation")
        .map((c) => {
          const mine = refunds.filter((r) => r.cancellationId === c.id);
          const done = c.providers.filter((p) => p.status === "cancelled").length;
          const sent = mine.length > 0 && mine.every((r) => r.status === "succeeded");
          const steps = [
            {
              label: "Cancellation requested",
              done: !!c.confirmedAt,
              detail: c.confirmedAt ? when(c.confirmedAt) : "",
            },
            {
              label: "Cancelled with the providers",
              done: done === c.providers.length,
              detail: `${done} of ${c.providers.length}${c.status === "partial" ? " — we are on it" : ""}`,
            },
            {
              label: "Refund sent",
              done: sent,
              detail:
                mine.map((r) => `${money(r.amountMinor, r.currency)} (${r.status})`).join(", ") ||
                (c.quote?.refundMinor === 0 ? "nothing to refund" : ""),
            },
            {
              label: "Expected on your statement",
              done: sent,
              detail: mine
                .map((r) => r.estimatedArrival)
                .filter(Boolean)
                .map((d) => `by ${d}`)
                .join(", "),
            },
          ];
          return (
            <ol
              key={c.id}
              className="grid gap-2 rounded-lg border border-slate-200 bg-white p-4 text-sm md:grid-cols-4"
            >
              {steps.map((s) => (
                <li key={s.label} className={s.done ? "text-slate-900" : "text-slate-400"}>
                  <span role="img" aria-label={s.done ? "done" : "not yet"}>
                    {s.done ? "✓ " : "○ "}
                  </span>
                  <span className="font-medium">{s.label}</span>
                  {s.detail && <div className="text-xs text-slate-600">{s.detail}</div>}
                </li>
              ))}
            </ol>
          );
        })}
      {loose.map((r) => (
        <p key={r.id} className="mt-2 text-sm">
          Refund of {money(r.amountMinor, r.currency)}: {r.status}
          {r.estimatedArrival ? `, expected by ${r.estimatedArrival}` : ""}.
        </p>
      ))}
    </section>
  );
}

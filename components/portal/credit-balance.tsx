import { money, when } from "@/components/ui/format";

type Balance = {
  currency: string;
  availableMinor: number;
  heldMinor: number;
  grants: { remainingMinor: number; expiresAt: string }[];
};

/** The traveler's travel credit: what is available per currency, and when each part expires (spent soonest first). */
export function CreditBalance({ balances }: { balances: readonly Balance[] }) {
  const shown = balances.filter((b) => b.grants.length > 0);
  if (shown.length === 0) return null;
  return (
    <section className="mt-8 rounded-lg border border-emerald-200 bg-emerald-50 p-4" aria-labelledby="credit-heading">
      <h2 id="credit-heading" className="text-sm font-semibold uppercase tracking-wide text-emerald-900">
        Travel credit
      </h2>
      {shown.map((b) => (
        <div key={b.currency} className="mt-2">
          <p className="text-lg font-semibold">{money(b.availableMinor, b.currency)} available</p>
          {b.heldMinor > 0 && (
            <p className="text-xs text-slate-600">{money(b.heldMinor, b.currency)} reserved by a checkout</p>
          )}
          <ul className="mt-1 text-sm text-slate-700">
            {b.grants.map((g, k) => (
              <li key={k}>
                {money(g.remainingMinor, b.currency)} expires {when(g.expiresAt, "UTC", false)}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

import type { WalletPassLink } from "@/server/documents/wallet/flight-passes";

/**
 * "Add to Apple Wallet" per flight segment and traveler: plain download links (a server
 * component, no client JavaScript). A development pass is said to be one, since Apple Wallet
 * refuses passes not signed with Apple's certificates.
 */
export function WalletPasses({ passes, development }: { passes: WalletPassLink[]; development: boolean }) {
  if (passes.length === 0) return null;
  return (
    <div className="mt-4">
      <h3 className="mb-2 text-sm font-medium text-slate-700">Boarding passes</h3>
      <ul
        className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white"
        aria-label="Apple Wallet passes"
      >
        {passes.map((p) => (
          <li key={p.href} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2 text-sm">
            <span className="text-slate-700">
              <span className="font-medium">{p.flightNumber}</span> {p.route} · {p.passenger}
            </span>
            <a
              href={p.href}
              download
              type="application/vnd.apple.pkpass"
              className="font-medium text-sky-700 hover:underline"
              aria-label={`Add to Apple Wallet: ${p.flightNumber} ${p.route}, ${p.passenger}`}
            >
              Add to Apple Wallet
            </a>
          </li>
        ))}
      </ul>
      {development && (
        <p role="note" className="mt-2 text-xs text-amber-800">
          Development pass: Apple Wallet will not accept it until real certificates are configured.
        </p>
      )}
    </div>
  );
}

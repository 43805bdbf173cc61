import { notFound } from "next/navigation";
import { money } from "@/components/ui/format";
import { loadLocalPayment } from "@/server/http/local-payment";
import { answerAuthentication } from "./actions";

export const dynamic = "force-dynamic";

/**
 * The local gateway's stand-in for a bank's 3-D Secure page (docs/architecture.md, "Paying a change fee").
 * With Stripe configured travelers go to Stripe's own page and this one does not exist.
 */
export default async function AuthenticatePayment({ params }: { params: Promise<{ intentId: string }> }) {
  const { intentId } = await params;
  const pi = await loadLocalPayment(intentId);
  if (!pi) notFound();
  const waiting = pi.status === "requires_action";
  return (
    <main className="mx-auto max-w-md px-4 py-16">
      <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">Card authentication · test bank</p>
        <h1 className="mt-2 text-xl font-semibold">Confirm this payment</h1>
        <dl className="mt-4 space-y-1 text-sm">
          <div className="flex justify-between">
            <dt className="text-slate-500">Amount</dt>
            <dd className="font-semibold">{money(pi.amountMinor, pi.currency)}</dd>
          </div>
          <div className="flex justify-between gap-4">
            <dt className="text-slate-500">For</dt>
            <dd className="text-right">{pi.description ?? "Payment"}</dd>
          </div>
        </dl>
        {waiting ? (
          <form action={answerAuthentication} className="mt-6 flex gap-2">
            <input type="hidden" name="intentId" value={pi.id} />
            <button
              name="outcome"
              value="succeed"
              className="flex-1 rounded-md bg-slate-900 px-3 py-2 font-medium text-white hover:bg-slate-700"
            >
              Authenticate
            </button>
            <button
              name="outcome"
              value="fail"
              className="flex-1 rounded-md border border-rose-300 px-3 py-2 font-medium text-rose-700 hover:bg-rose-50"
            >
              Fail
            </button>
          </form>
        ) : (
          <p role="status" className="mt-6 text-sm text-slate-700">
            This payment is {pi.status === "succeeded" ? "complete" : pi.status.replaceAll("_", " ")}.{" "}
            {pi.returnUrl && (
              <a className="underline" href={new URL(pi.returnUrl).pathname + new URL(pi.returnUrl).search}>
                Back to your booking
              </a>
            )}
          </p>
        )}
      </div>
    </main>
  );
}

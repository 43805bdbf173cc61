import Link from "next/link";
import { redirect } from "next/navigation";
import { CreditBalance } from "@/components/portal/credit-balance";
import { NotificationSettings } from "@/components/portal/notification-settings";
import { EmailSignInForm, GuestLookupForm } from "@/components/portal/sign-in-forms";
import { Badge } from "@/components/ui/badge";
import { money, when } from "@/components/ui/format";
import { currentSession } from "@/server/auth";
import { caller } from "@/server/trpc/server";

export default async function PortalHome() {
  const session = await currentSession();
  if (!session) {
    return (
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Your trips, in one place</h1>
        <p className="mt-2 text-slate-600">
          See your bookings and documents, cancel or change them, and follow refunds.
        </p>
        <div className="mt-6 grid gap-6 md:grid-cols-2">
          <EmailSignInForm />
          <GuestLookupForm />
        </div>
      </div>
    );
  }
  const api = await caller();
  const [list, credit] = await Promise.all([api.portal.bookings.list(), api.portal.credits.mine()]);
  if (session.user.role === "guest" && list[0]) redirect(`/bookings/${list[0].reference}`);
  return (
    <div>
      <h1 className="text-2xl font-semibold tracking-tight">My bookings</h1>
      {list.length === 0 ? (
        <p className="mt-4 text-slate-600">No bookings yet for {session.user.email}.</p>
      ) : (
        <ul className="mt-6 space-y-3">
          {list.map((b) => (
            <li key={b.id}>
              <Link
                href={`/bookings/${b.reference}`}
                className="flex items-center justify-between rounded-lg border border-slate-200 bg-white p-4 shadow-sm hover:border-slate-400"
              >
                <div>
                  <div className="font-mono text-sm font-semibold">{b.reference}</div>
                  <div className="text-sm text-slate-500">
                    {when(b.travelStartAt, "UTC", false)} – {when(b.travelEndAt, "UTC", false)} · {b.type}
                  </div>
                </div>
                <div className="flex items-center gap-3">
                  <span className="text-sm">{money(b.totalMinor, b.currency)}</span>
                  <Badge value={b.status} />
                </div>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <CreditBalance balances={credit.balances} />
      {session.user.role === "traveler" && <NotificationSettings />}
    </div>
  );
}

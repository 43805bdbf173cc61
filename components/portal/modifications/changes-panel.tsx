"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter, useSearchParams } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { label, money } from "@/components/ui/format";
import { useTRPC } from "@/lib/trpc/react";
import { ContactForm, DatesForm, NameForm, SpecialRequestForm } from "./forms";

export type ChangeItem = {
  id: string;
  title: string;
  category: string;
  startDate: string | null;
  endDate: string | null;
  /** The server would take new dates / a special request for this item (available actions). */
  dates: boolean;
  requests: boolean;
};
export type ChangeTraveler = { index: number; firstName: string; lastName: string };
type Panel = "name" | "dates" | "contact" | "request" | null;
/** Why the server would refuse each change (absent: allowed). */
export type ChangeRefusals = Partial<Record<Exclude<Panel, null>, string>>;

/** The traveler's changes on one booking: the four requests, and every change with its status. */
export function ChangesPanel({
  reference,
  travelers,
  items,
  contact,
  refusals,
}: {
  reference: string;
  travelers: ChangeTraveler[];
  items: ChangeItem[];
  contact: { name: string; email: string; phone?: string };
  refusals: ChangeRefusals;
}) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const params = useSearchParams();
  const [open, setOpen] = useState<Panel>(null);
  const list = useQuery(trpc.portal.modifications.list.queryOptions({ reference }));
  const credit = useQuery(trpc.portal.credits.mine.queryOptions());
  const creditIn = (currency: string | null) =>
    credit.data?.balances.find((b) => b.currency === currency)?.availableMinor ?? 0;
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: trpc.portal.modifications.list.queryKey({ reference }) });
    router.refresh();
  };
  const confirm = useMutation(
    trpc.portal.modifications.confirm.mutationOptions({
      onSuccess: (r) => {
        if (r.nextActionUrl) window.location.assign(r.nextActionUrl);
        else refresh();
      },
    }),
  );
  const cancel = useMutation(trpc.portal.modifications.cancel.mutationOptions({ onSuccess: refresh }));
  const back = useMutation(trpc.portal.modifications.refreshPayment.mutationOptions({ onSuccess: refresh }));
  // Back from a payment page (Stripe's or the local one): ask where the payment stands, once.
  const returned = params.get("modification");
  const asked = useRef(false);
  useEffect(() => {
    if (returned && !asked.current && /^[0-9a-f-]{36}$/i.test(returned)) {
      asked.current = true;
      back.mutate({ modificationId: returned });
    }
  }, [returned, back]);
  // A submitted change is being made with the provider: look again shortly.
  const inFlight = list.data?.some((m) => m.status === "submitted");
  useEffect(() => {
    if (!inFlight) return;
    const t = setTimeout(() => void list.refetch(), 3000);
    return () => clearTimeout(t);
  }, [inFlight, list]);

  const done = () => {
    setOpen(null);
    refresh();
  };
  // A refused change is shown disabled, described by its reason; each distinct reason is said once.
  const reasonsId = useId();
  const reasons = [...new Set(Object.values(refusals).filter((r): r is string => !!r))];
  const tab = (p: Exclude<Panel, null>, text: string) => {
    const refused = refusals[p];
    return (
      <Button
        variant={open === p ? "primary" : "secondary"}
        aria-expanded={refused ? undefined : open === p}
        disabled={!!refused}
        aria-describedby={refused ? `${reasonsId}-${reasons.indexOf(refused)}` : undefined}
        onClick={() => setOpen(open === p ? null : p)}
      >
        {text}
      </Button>
    );
  };
  return (
    <section className="mt-6" aria-labelledby="changes-heading">
      <h2 id="changes-heading" className="text-sm font-semibold uppercase tracking-wide text-slate-500">
        Changes
      </h2>
      <div className="mt-2 flex flex-wrap gap-2">
        {tab("name", "Change name")}
        {tab("dates", "Change dates")}
        {tab("contact", "Update contact")}
        {tab("request", "Special request")}
      </div>
      {reasons.map((r, k) => (
        <p key={r} id={`${reasonsId}-${k}`} className="mt-1 text-xs text-slate-600">
          {r}
        </p>
      ))}
      {open === "name" && <NameForm reference={reference} travelers={travelers} onDone={done} />}
      {open === "dates" && <DatesForm reference={reference} items={items.filter((i) => i.dates)} onDone={done} />}
      {open === "contact" && <ContactForm reference={reference} contact={contact} onDone={done} />}
      {open === "request" && (
        <SpecialRequestForm reference={reference} items={items.filter((i) => i.requests)} onDone={done} />
      )}

      {(confirm.error || cancel.error || back.error) && (
        <p role="alert" className="mt-2 text-sm text-rose-700">
          {(confirm.error ?? cancel.error ?? back.error)!.message}
        </p>
      )}
      <ul className="mt-3 space-y-2" aria-live="polite" aria-label="Requested changes">
        {list.data?.map((m) => (
          <li key={m.id} className="rounded-lg border border-slate-200 bg-white p-3 text-sm shadow-sm">
            <div className="flex items-center justify-between gap-2">
              <span className="font-medium capitalize">{label(m.type)}</span>
              <Badge value={m.status} />
            </div>
            <Summary m={m} />
            {m.status === "pending" && (
              <div className="mt-2 flex gap-2">
                <button
                  type="button"
                  disabled={confirm.isPending}
                  onClick={() => confirm.mutate({ modificationId: m.id })}
                  className="rounded-md bg-slate-900 px-3 py-1.5 font-medium text-white disabled:opacity-50"
                >
                  {m.totalCostMinor > 0
                    ? `Confirm and pay ${money(m.totalCostMinor, m.currency ?? "EUR")}`
                    : "Confirm change"}
                </button>
                {m.totalCostMinor > 0 && creditIn(m.currency) >= m.totalCostMinor && (
                  <button
                    type="button"
                    disabled={confirm.isPending}
                    onClick={() => confirm.mutate({ modificationId: m.id, payWith: "credit" })}
                    className="rounded-md border border-emerald-600 px-3 py-1.5 font-medium text-emerald-800 disabled:opacity-50"
                  >
                    Pay with travel credit
                  </button>
                )}
                <button
                  type="button"
                  disabled={cancel.isPending}
                  onClick={() => cancel.mutate({ modificationId: m.id })}
                  className="rounded-md border border-slate-300 px-3 py-1.5"
                >
                  Discard
                </button>
              </div>
            )}
            {m.status === "awaiting_payment" && (
              <div className="mt-2 flex gap-2">
                {m.nextActionUrl && (
                  <a href={m.nextActionUrl} className="rounded-md bg-slate-900 px-3 py-1.5 font-medium text-white">
                    Complete payment
                  </a>
                )}
                <button
                  type="button"
                  disabled={cancel.isPending}
                  onClick={() => cancel.mutate({ modificationId: m.id })}
                  className="rounded-md border border-slate-300 px-3 py-1.5"
                >
                  Cancel change
                </button>
              </div>
            )}
            {m.message && (
              <p
                className={`mt-1 ${m.status === "failed" || m.status === "rejected" ? "text-rose-700" : "text-slate-600"}`}
              >
                {m.message}
              </p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Summary({
  m,
}: {
  m: {
    type: string;
    currency: string | null;
    feeMinor: number;
    priceDifferenceMinor: number;
    totalCostMinor: number;
    refundMinor: number;
    modified: unknown;
    status: string;
  };
}) {
  const cur = m.currency ?? "EUR";
  const mod = (m.modified ?? {}) as {
    traveler?: { firstName: string; lastName: string };
    startLocal?: string;
    request?: string;
    contact?: { email: string };
  };
  const what = mod.traveler
    ? `New name: ${mod.traveler.firstName} ${mod.traveler.lastName}`
    : mod.startLocal
      ? `New start: ${mod.startLocal.replace("T", " ")}`
      : mod.request
        ? `“${mod.request}”`
        : mod.contact
          ? `New e-mail: ${mod.contact.email}`
          : null;
  const money_ = [
    m.priceDifferenceMinor !== 0 &&
      `Price difference ${m.priceDifferenceMinor > 0 ? "+" : "−"}${money(Math.abs(m.priceDifferenceMinor), cur)}`,
    (m.type === "name_change" || m.type === "date_change") && `Change fee ${money(m.feeMinor, cur)}`,
    m.totalCostMinor > 0 && `To pay ${money(m.totalCostMinor, cur)}`,
    m.refundMinor > 0 && `To refund ${money(m.refundMinor, cur)}`,
  ]
    .filter(Boolean)
    .join(" · ");
  return (
    <>
      {what && <p className="mt-1 text-slate-700">{what}</p>}
      {money_ && <p className="mt-1 text-slate-600">{money_}</p>}
    </>
  );
}

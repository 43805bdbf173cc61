"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { label, money } from "@/components/ui/format";
import { useTRPC } from "@/server/trpc/react";
import { ContactForm, DatesForm, NameForm, SpecialRequestForm } from "./forms";

export type ChangeItem = {
  id: string;
  title: string;
  category: string;
  startDate: string | null;
  endDate: string | null;
  changeable: boolean;
};
export type ChangeTraveler = { index: number; firstName: string; lastName: string };
type Panel = "name" | "dates" | "contact" | "request" | null;

/** The traveler's changes on one booking: the four requests, and every change with its status. */
export function ChangesPanel({
  reference,
  travelers,
  items,
  contact,
}: {
  reference: string;
  travelers: ChangeTraveler[];
  items: ChangeItem[];
  contact: { name: string; email: string; phone?: string };
}) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const params = useSearchParams();
  const [open, setOpen] = useState<Panel>(null);
  const list = useQuery(trpc.portal.modifications.list.queryOptions({ reference }));
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
  const tab = (p: Exclude<Panel, null>, text: string) => (
    <button
      type="button"
      aria-expanded={open === p}
      onClick={() => setOpen(open === p ? null : p)}
      className={`rounded-md border px-3 py-1.5 text-sm font-medium ${open === p ? "border-slate-900 bg-slate-900 text-white" : "border-slate-300 bg-white hover:bg-slate-50"}`}
    >
      {text}
    </button>
  );
  const changeable = items.filter((i) => i.changeable);
  return (
    <section className="mt-6" aria-labelledby="changes-heading">
      <h2 id="changes-heading" className="text-sm font-semibold uppercase tracking-wide text-slate-500">
        Changes
      </h2>
      <div className="mt-2 flex flex-wrap gap-2">
        {tab("name", "Change name")}
        {changeable.some((i) => i.startDate) && tab("dates", "Change dates")}
        {tab("contact", "Update contact")}
        {changeable.length > 0 && tab("request", "Special request")}
      </div>
      {open === "name" && <NameForm reference={reference} travelers={travelers} onDone={done} />}
      {open === "dates" && (
        <DatesForm reference={reference} items={changeable.filter((i) => i.startDate)} onDone={done} />
      )}
      {open === "contact" && <ContactForm reference={reference} contact={contact} onDone={done} />}
      {open === "request" && <SpecialRequestForm reference={reference} items={changeable} onDone={done} />}

      {(confirm.error || cancel.error || back.error) && (
        <p role="alert" className="mt-2 text-sm text-rose-700">
          {(confirm.error ?? cancel.error ?? back.error)!.message}
        </p>
      )}
      <ul className="mt-3 space-y-2" aria-live="polite">
        {list.data?.map((m) => (
          <li
            key={m.id}
            className="rounded-lg border border-slate-200 bg-white p-3 text-sm shadow-sm"
            data-testid="modification"
          >
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
      {money_ && (
        <p className="mt-1 text-slate-600" data-testid="modification-money">
          {money_}
        </p>
      )}
    </>
  );
}

"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { money } from "@/components/ui/format";
import { RefundQuoteTable } from "./refund-quote-table";
import { ItemChecklist } from "./item-checklist";
import { useTRPC } from "@/lib/trpc/react";

type Item = { id: string; title: string };

/**
 * Self-service cancellation: choose items, see the itemised refund (each item's policy, fee and
 * refund) with the time the quote holds until, confirm. Nothing is cancelled before the confirm.
 */
export function CancelBooking({
  reference,
  items,
  creditBonusBps = null,
}: {
  reference: string;
  items: Item[];
  /** Set when the viewer may take the card refund as travel credit (a signed-in owner): the founder's bonus. */
  creditBonusBps?: number | null;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState<string[]>(items.map((i) => i.id));
  const [asCredit, setAsCredit] = useState(false);
  const quote = useMutation(trpc.portal.cancellations.quote.mutationOptions());
  const confirm = useMutation(trpc.portal.cancellations.confirm.mutationOptions({ onSuccess: () => router.refresh() }));
  const q = quote.data;
  const error = quote.error?.message ?? confirm.error?.message;

  if (items.length === 0) return null;
  if (!open) {
    return (
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="rounded-md border border-red-300 px-3 py-1.5 text-sm font-medium text-red-700"
      >
        Cancel booking…
      </button>
    );
  }
  if (confirm.isSuccess) {
    return (
      <p role="status" className="rounded-md bg-green-50 p-3 text-sm text-green-800">
        Cancellation confirmed. We are cancelling with the providers; your refund follows and we will e-mail you.
      </p>
    );
  }
  const titleOf = (id: string) => items.find((i) => i.id === id)?.title ?? "Item";
  return (
    <div className="rounded-lg border border-red-200 bg-white p-4 text-sm" role="region" aria-label="Cancel booking">
      {!q && (
        <fieldset>
          <legend className="font-medium">Which items do you want to cancel?</legend>
          <ItemChecklist items={items} chosen={chosen} onChange={setChosen} />
          <button
            type="button"
            disabled={chosen.length === 0 || quote.isPending}
            onClick={() => quote.mutate({ reference, itemIds: chosen })}
            className="mt-3 rounded-md bg-slate-900 px-3 py-1.5 font-medium text-white disabled:opacity-50"
          >
            See my refund
          </button>
        </fieldset>
      )}
      {q?.refundCalculation && (
        <div>
          <RefundQuoteTable
            items={q.refundCalculation.items}
            currency={q.refundCalculation.currency}
            titleOf={titleOf}
          />
          <p className="mt-2 font-medium" role="status">
            You get back {money(q.refundCalculation.refundMinor, q.refundCalculation.currency)}{" "}
            {asCredit ? "as travel credit" : "to your original payment method"}.
          </p>
          {creditBonusBps !== null && q.refundCalculation.refundMinor > 0 && (
            <label className="mt-2 flex items-start gap-2">
              <input type="checkbox" checked={asCredit} onChange={(e) => setAsCredit(e.target.checked)} />
              <span>
                Take the card part as travel credit instead, with a {creditBonusBps / 100}% bonus (credit you paid with
                comes back as credit either way).
              </span>
            </label>
          )}
          {q.quoteExpiresAt && (
            <p className="text-xs text-slate-500">
              This quote holds until {new Date(q.quoteExpiresAt).toLocaleString()}.
            </p>
          )}
          <div className="mt-3 flex gap-2">
            <button
              type="button"
              disabled={confirm.isPending}
              onClick={() => confirm.mutate({ cancellationId: q.id, refundAs: asCredit ? "credit" : "card" })}
              className="rounded-md bg-red-700 px-3 py-1.5 font-medium text-white disabled:opacity-50"
            >
              Confirm cancellation
            </button>
            <button
              type="button"
              onClick={() => {
                quote.reset();
                setOpen(false);
              }}
              className="rounded-md border border-slate-300 px-3 py-1.5"
            >
              Keep my booking
            </button>
          </div>
        </div>
      )}
      {error && (
        <p role="alert" className="mt-2 text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

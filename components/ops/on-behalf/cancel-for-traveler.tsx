"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/error-text";
import { money } from "@/components/ui/format";
import { RefundQuoteTable } from "@/components/portal/refund-quote-table";
import { ItemChecklist } from "@/components/portal/item-checklist";
import { useTRPC } from "@/lib/trpc/react";
import type { ActItem } from "./types";

/**
 * Support cancels for the traveler: the traveler's own quote (their policy, fees and refund), then
 * the confirmation. The cancellation's notice tells the traveler; nothing else is sent.
 */
export function CancelForTraveler({ reference, items }: { reference: string; items: ActItem[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [chosen, setChosen] = useState<string[]>(items.map((i) => i.id));
  const [reason, setReason] = useState("");
  const quote = useMutation(trpc.ops.onBehalf.quoteCancellation.mutationOptions());
  const confirm = useMutation(
    trpc.ops.onBehalf.confirmCancellation.mutationOptions({ onSuccess: () => router.refresh() }),
  );
  const q = quote.data?.refundCalculation;
  const titleOf = (id: string) => items.find((i) => i.id === id)?.title ?? "Item";
  if (confirm.isSuccess)
    return (
      <p role="status" className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-800">
        Cancellation confirmed for the traveler: the providers are being asked, the refund follows, and the traveler
        gets the cancellation notice.
      </p>
    );
  return (
    <div className="space-y-2 text-sm" role="region" aria-label="Cancel for the traveler">
      <fieldset>
        <legend className="font-medium">Items to cancel</legend>
        <ItemChecklist items={items} chosen={chosen} onChange={setChosen} />
      </fieldset>
      <label className="block">
        <span className="text-slate-700">Reason the traveler gave</span>
        <input
          className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5"
          value={reason}
          maxLength={255}
          onChange={(e) => setReason(e.target.value)}
        />
      </label>
      <Button
        pending={quote.isPending}
        disabled={chosen.length === 0}
        onClick={() => quote.mutate({ reference, itemIds: chosen, reason: reason || undefined })}
      >
        Get the traveler&apos;s quote
      </Button>
      {q && quote.data && (
        <div>
          <RefundQuoteTable items={q.items} currency={q.currency} titleOf={titleOf} />
          <p className="mt-2 font-medium" role="status">
            The traveler gets back {money(q.refundMinor, q.currency)}
            {quote.data.quoteExpiresAt
              ? `; the quote holds until ${new Date(quote.data.quoteExpiresAt).toLocaleString()}`
              : ""}
            .
          </p>
          <Button
            variant="danger"
            className="mt-2"
            pending={confirm.isPending}
            onClick={() => confirm.mutate({ cancellationId: quote.data!.id })}
          >
            Confirm the cancellation for the traveler
          </Button>
        </div>
      )}
      <ErrorText error={quote.error ?? confirm.error} />
    </div>
  );
}

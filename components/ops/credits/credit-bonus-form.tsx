"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ErrorText } from "@/components/ui/error-text";
import { useTRPC } from "@/lib/trpc/react";
import { percentToBps } from "@/server/domain/credits/ledger";

/** The founder sets the bonus a traveler gets for taking a card refund as travel credit. */
export function CreditBonusForm({ bps }: { bps: number }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [text, setText] = useState((bps / 100).toString());
  const save = useMutation(trpc.ops.automation.setCreditBonus.mutationOptions({ onSuccess: () => router.refresh() }));
  const parsed = percentToBps(text);
  return (
    <form
      className="flex flex-wrap items-center gap-2 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        if (parsed !== null) save.mutate({ refundBonusBps: parsed });
      }}
    >
      <label htmlFor="credit-bonus">Bonus on a refund taken as credit</label>
      <input
        id="credit-bonus"
        inputMode="decimal"
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-invalid={parsed === null}
        className="w-20 rounded-md border border-slate-300 px-2 py-1 text-right"
      />
      <span>%</span>
      <button
        type="submit"
        disabled={parsed === null || parsed === bps || save.isPending}
        className="rounded-md bg-slate-900 px-3 py-1 font-medium text-white disabled:opacity-50"
      >
        Save
      </button>
      {parsed === null && <span className="text-xs text-red-700">A percentage from 0 to 100, up to two decimals</span>}
      <ErrorText inline className="text-xs" error={save.error} />
    </form>
  );
}

"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { money } from "@/components/ui/format";
import { parseMoney } from "@/server/domain/money";
import { useTRPC } from "@/server/trpc/react";

const btn = "rounded-md px-3 py-1.5 text-sm font-medium disabled:opacity-50";

/** Support's money actions on a booking: force-cancel (fees may be waived) and a manual refund. */
export function MoneyActions({
  bookingId,
  currency,
  cancellable,
}: {
  bookingId: string;
  currency: string;
  cancellable: boolean;
}) {
  return (
    <div className="grid gap-3 md:grid-cols-2">
      {cancellable && <ForceCancel bookingId={bookingId} />}
      <ManualRefund bookingId={bookingId} currency={currency} />
    </div>
  );
}

function ForceCancel({ bookingId }: { bookingId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [reason, setReason] = useState("");
  const [waive, setWaive] = useState(false);
  const quote = useMutation(trpc.ops.money.quoteCancellation.mutationOptions());
  const confirm = useMutation(
    trpc.ops.money.confirmCancellation.mutationOptions({ onSuccess: () => router.refresh() }),
  );
  const q = quote.data?.refundCalculation;
  return (
    <form
      className="rounded-lg border border-slate-200 bg-white p-3 text-sm"
      aria-label="Force-cancel"
      onSubmit={(e) => {
        e.preventDefault();
        quote.mutate({ bookingId, reason, waiveFees: waive });
      }}
    >
      <h3 className="font-medium">Force-cancel</h3>
      <label className="mt-2 block">
        Reason{" "}
        <input
          required
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          className="mt-1 w-full rounded border border-slate-300 px-2 py-1"
        />
      </label>
      <label className="mt-2 flex items-center gap-2">
        <input type="checkbox" checked={waive} onChange={(e) => setWaive(e.target.checked)} /> Waive fees (full refund)
      </label>
      {!q && (
        <button type="submit" disabled={quote.isPending} className={`${btn} mt-2 bg-slate-900 text-white`}>
          Quote
        </button>
      )}
      {q && !confirm.isSuccess && (
        <div className="mt-2">
          <p>
            Refund {money(q.refundMinor, q.currency)} · fees{" "}
            {money(q.cancellationFeeMinor + q.processingFeeMinor, q.currency)}
          </p>
          <button
            type="button"
            disabled={confirm.isPending}
            onClick={() => confirm.mutate({ cancellationId: quote.data!.id })}
            className={`${btn} mt-2 bg-rose-700 text-white`}
          >
            Confirm cancellation
          </button>
        </div>
      )}
      {confirm.isSuccess && (
        <p role="status" className="mt-2 text-green-800">
          Cancellation confirmed; providers are being called.
        </p>
      )}
      {(quote.error ?? confirm.error) && (
        <p role="alert" className="mt-2 text-rose-700">
          {(quote.error ?? confirm.error)!.message}
        </p>
      )}
    </form>
  );
}

function ManualRefund({ bookingId, currency }: { bookingId: string; currency: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState("");
  const [bad, setBad] = useState<string | null>(null);
  const m = useMutation(
    trpc.ops.money.manualRefund.mutationOptions({
      onSuccess: () => {
        setAmount("");
        router.refresh();
      },
    }),
  );
  return (
    <form
      className="rounded-lg border border-slate-200 bg-white p-3 text-sm"
      aria-label="Manual refund"
      onSubmit={(e) => {
        e.preventDefault();
        let minor: number;
        try {
          minor = parseMoney(amount, currency);
        } catch (err) {
          setBad((err as Error).message);
          return;
        }
        setBad(null);
        m.mutate({ bookingId, amountMinor: minor, currency, reason });
      }}
    >
      <h3 className="font-medium">Manual refund</h3>
      <label className="mt-2 block">
        Amount ({currency}){" "}
        <input
          required
          inputMode="decimal"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          className="mt-1 w-full rounded border border-slate-300 px-2 py-1"
        />
      </label>
      <label className="mt-2 block">
        Reason{" "}
        <input
          required
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          className="mt-1 w-full rounded border border-slate-300 px-2 py-1"
        />
      </label>
      <button type="submit" disabled={m.isPending} className={`${btn} mt-2 bg-slate-900 text-white`}>
        Refund
      </button>
      {m.isSuccess && (
        <p role="status" className="mt-2 text-green-800">
          Refund {m.data.reference} requested.
        </p>
      )}
      {(bad ?? m.error?.message) && (
        <p role="alert" className="mt-2 text-rose-700">
          {bad ?? m.error?.message}
        </p>
      )}
    </form>
  );
}

/** Retry a failed refund now (a new attempt with a new key), or finish a partial cancellation. */
export function RetryButton({ kind, id }: { kind: "refund" | "cancellation"; id: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const refund = useMutation(trpc.ops.money.retryRefund.mutationOptions({ onSuccess: () => router.refresh() }));
  const cancellation = useMutation(
    trpc.ops.money.retryCancellation.mutationOptions({ onSuccess: () => router.refresh() }),
  );
  const m = kind === "refund" ? refund : cancellation;
  return (
    <span>
      <button
        type="button"
        disabled={m.isPending || m.isSuccess}
        className={`${btn} border border-slate-300`}
        onClick={() =>
          kind === "refund" ? refund.mutate({ refundId: id }) : cancellation.mutate({ cancellationId: id })
        }
      >
        {m.isSuccess ? "Retrying" : kind === "refund" ? "Retry refund" : "Retry cancellation"}
      </button>
      {m.error && (
        <span role="alert" className="ml-2 text-rose-700">
          {m.error.message}
        </span>
      )}
    </span>
  );
}

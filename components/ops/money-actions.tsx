"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { fieldErrorOf } from "@/components/ui/error-message";
import { ErrorText } from "@/components/ui/error-text";
import { Field } from "@/components/ui/field";
import { money } from "@/components/ui/format";
import { Input } from "@/components/ui/input";
import { MoneyInput } from "@/components/ui/money-input";
import { SubmitButton } from "@/components/ui/submit-button";
import { useTRPC } from "@/lib/trpc/react";

const card = "grid content-start gap-3 rounded-lg border border-slate-200 bg-white p-3 text-sm";

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
      className={card}
      aria-label="Force-cancel"
      onSubmit={(e) => {
        e.preventDefault();
        quote.mutate({ bookingId, reason, waiveFees: waive });
      }}
    >
      <h3 className="font-medium">Force-cancel</h3>
      <Field label="Reason" error={fieldErrorOf(quote.error, "reason")}>
        <Input required value={reason} onChange={(e) => setReason(e.target.value)} maxLength={255} />
      </Field>
      <Checkbox label="Waive fees (full refund)" checked={waive} onChange={(e) => setWaive(e.target.checked)} />
      {!q && (
        <div>
          <SubmitButton pending={quote.isPending} pendingLabel="Quoting…">
            Quote
          </SubmitButton>
        </div>
      )}
      {q && !confirm.isSuccess && (
        <div className="grid justify-items-start gap-2">
          <p>
            Refund {money(q.refundMinor, q.currency)} · fees{" "}
            {money(q.cancellationFeeMinor + q.processingFeeMinor, q.currency)}
          </p>
          <Button
            variant="danger"
            pending={confirm.isPending}
            onClick={() => confirm.mutate({ cancellationId: quote.data!.id })}
          >
            {confirm.isPending ? "Confirming…" : "Confirm cancellation"}
          </Button>
        </div>
      )}
      {confirm.isSuccess && (
        <p role="status" className="text-green-800">
          Cancellation confirmed; providers are being called.
        </p>
      )}
      <ErrorText error={quote.error ?? confirm.error} />
    </form>
  );
}

function ManualRefund({ bookingId, currency }: { bookingId: string; currency: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [amount, setAmount] = useState<{ minor: number | null; problem: string | null }>({
    minor: null,
    problem: null,
  });
  const [reason, setReason] = useState("");
  // A new key after each refund remounts the amount field empty.
  const [round, setRound] = useState(0);
  const m = useMutation(
    trpc.ops.money.manualRefund.mutationOptions({
      onSuccess: () => {
        setAmount({ minor: null, problem: null });
        setRound((r) => r + 1);
        router.refresh();
      },
    }),
  );
  return (
    <form
      className={card}
      aria-label="Manual refund"
      onSubmit={(e) => {
        e.preventDefault();
        if (amount.minor === null) return;
        m.mutate({ bookingId, amountMinor: amount.minor, currency, reason });
      }}
    >
      <h3 className="font-medium">Manual refund</h3>
      <Field
        label="Amount"
        hint={`In ${currency}, as charged`}
        error={amount.problem ?? fieldErrorOf(m.error, "amountMinor")}
      >
        <MoneyInput
          key={round}
          required
          currency={currency}
          onValueChange={(minor, problem) => setAmount({ minor, problem })}
        />
      </Field>
      <Field label="Reason" error={fieldErrorOf(m.error, "reason")}>
        <Input required value={reason} onChange={(e) => setReason(e.target.value)} maxLength={255} />
      </Field>
      <div>
        <SubmitButton pending={m.isPending} pendingLabel="Requesting…">
          Refund
        </SubmitButton>
      </div>
      {m.isSuccess && (
        <p role="status" className="text-green-800">
          Refund {m.data.reference} requested.
        </p>
      )}
      <ErrorText error={m.error} />
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
    <span className="inline-flex flex-wrap items-center gap-2">
      <Button
        size="sm"
        pending={m.isPending}
        disabled={m.isSuccess}
        onClick={() =>
          kind === "refund" ? refund.mutate({ refundId: id }) : cancellation.mutate({ cancellationId: id })
        }
      >
        {m.isSuccess ? "Retrying" : kind === "refund" ? "Retry refund" : "Retry cancellation"}
      </Button>
      <ErrorText inline className="text-xs" error={m.error} />
    </span>
  );
}

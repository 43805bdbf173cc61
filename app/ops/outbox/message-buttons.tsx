"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/server/trpc/react";

const button =
  "rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium hover:border-slate-500 disabled:opacity-50";

/** Queues the message again (a new row, to the booking's current contact) and opens it. */
export function ResendButton({ id }: { id: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const m = useMutation(
    trpc.ops.outbox.resend.mutationOptions({
      onSuccess: (r) => {
        if (r.communicationId) setTimeout(() => router.push(`/ops/outbox/${r.communicationId}`), 1000);
      },
    }),
  );
  return (
    <span className="inline-flex items-center gap-2">
      <button type="button" className={button} onClick={() => m.mutate({ id })} disabled={m.isPending || m.isSuccess}>
        {m.isPending ? "Queueing…" : m.isSuccess ? (m.data.queued ? "Queued" : "Already queued") : "Resend"}
      </button>
      {m.error && (
        <span role="alert" className="text-xs text-rose-700">
          {m.error.message}
        </span>
      )}
    </span>
  );
}

export function ClearFlagButton({ id }: { id: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const m = useMutation(trpc.ops.outbox.clearFlag.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <button type="button" className={button} onClick={() => m.mutate({ id })} disabled={m.isPending}>
      {m.isPending ? "Clearing…" : "Contact fixed"}
    </button>
  );
}

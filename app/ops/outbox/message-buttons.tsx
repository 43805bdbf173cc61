"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/error-text";
import { useTRPC } from "@/lib/trpc/react";

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
      <Button size="sm" onClick={() => m.mutate({ id })} pending={m.isPending} disabled={m.isSuccess}>
        {m.isPending ? "Queueing…" : m.isSuccess ? (m.data.queued ? "Queued" : "Already queued") : "Resend"}
      </Button>
      <ErrorText inline className="text-xs" error={m.error} />
    </span>
  );
}

/** Ops fixed the contact: sends to this address may resume. */
export function ClearFlagButton({ id }: { id: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const m = useMutation(trpc.ops.outbox.clearFlag.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <span className="inline-flex items-center gap-2">
      <Button size="sm" onClick={() => m.mutate({ id })} pending={m.isPending}>
        {m.isPending ? "Clearing…" : "Contact fixed"}
      </Button>
      <ErrorText inline className="text-xs" error={m.error} />
    </span>
  );
}

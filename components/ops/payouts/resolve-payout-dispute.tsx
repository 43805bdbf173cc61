"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/error-text";
import { ResolveNoteForm } from "@/components/ui/resolve-note-form";
import { useTRPC } from "@/lib/trpc/react";

/** Resolve a payout dispute with a note saying how it was settled. */
export function ResolvePayoutDispute({ disputeId }: { disputeId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const resolve = useMutation(trpc.ops.payouts.resolveDispute.mutationOptions({ onSuccess: () => router.refresh() }));
  if (!open)
    return (
      <Button size="sm" onClick={() => setOpen(true)}>
        Resolve…
      </Button>
    );
  return (
    <div className="flex flex-col items-start gap-1">
      <ResolveNoteForm
        title="Resolve payout dispute"
        placeholder="How it was settled"
        maxLength={1000}
        pending={resolve.isPending}
        error={resolve.error}
        onResolve={(note) => resolve.mutate({ disputeId, note })}
      />
      <ErrorText error={resolve.error} />
    </div>
  );
}

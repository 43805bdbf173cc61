"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { fieldErrorOf } from "@/components/ui/error-message";
import { ErrorText } from "@/components/ui/error-text";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { useTRPC } from "@/lib/trpc/react";

/** Resolve a payout dispute with a note saying how it was settled. */
export function ResolvePayoutDispute({ disputeId }: { disputeId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [note, setNote] = useState("");
  const [open, setOpen] = useState(false);
  const resolve = useMutation(trpc.ops.payouts.resolveDispute.mutationOptions({ onSuccess: () => router.refresh() }));
  if (!open)
    return (
      <Button size="sm" onClick={() => setOpen(true)}>
        Resolve…
      </Button>
    );
  return (
    <form
      aria-label="Resolve payout dispute"
      className="flex flex-wrap items-start gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        resolve.mutate({ disputeId, note });
      }}
    >
      <Field label="Resolution note" hideLabel error={fieldErrorOf(resolve.error, "note")}>
        <Input
          size="sm"
          placeholder="How it was settled"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          required
          maxLength={1000}
          autoFocus
        />
      </Field>
      <SubmitButton
        variant="secondary"
        size="sm"
        pending={resolve.isPending}
        pendingLabel="Resolving…"
        disabled={!note.trim()}
      >
        Resolve
      </SubmitButton>
      <ErrorText error={resolve.error} />
    </form>
  );
}

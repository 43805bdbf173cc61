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

/** Resolve with a note (what was done), or take it (owner). */
export function FollowUpActions({ followUpId, owner, me }: { followUpId: string; owner: string | null; me: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [note, setNote] = useState("");
  const [open, setOpen] = useState(false);
  const resolve = useMutation(trpc.ops.followUps.resolve.mutationOptions({ onSuccess: () => router.refresh() }));
  const assign = useMutation(trpc.ops.followUps.update.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <div className="flex flex-col items-start gap-1">
      {!open ? (
        <span className="inline-flex gap-2">
          <Button size="sm" onClick={() => setOpen(true)}>
            Resolve…
          </Button>
          {owner !== me && (
            <Button size="sm" pending={assign.isPending} onClick={() => assign.mutate({ followUpId, owner: me })}>
              Take it
            </Button>
          )}
        </span>
      ) : (
        <form
          aria-label="Resolve follow-up"
          className="flex flex-wrap items-start gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            resolve.mutate({ followUpId, note });
          }}
        >
          <Field label="Resolution note" hideLabel error={fieldErrorOf(resolve.error, "note")}>
            <Input
              size="sm"
              placeholder="What was done"
              value={note}
              onChange={(e) => setNote(e.target.value)}
              required
              maxLength={2000}
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
        </form>
      )}
      <ErrorText inline className="text-xs" error={resolve.error ?? assign.error} />
    </div>
  );
}

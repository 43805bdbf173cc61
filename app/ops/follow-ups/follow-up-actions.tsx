"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/error-text";
import { ResolveNoteForm } from "@/components/ui/resolve-note-form";
import { useTRPC } from "@/lib/trpc/react";

/** Resolve with a note (what was done), or take it (owner). */
export function FollowUpActions({ followUpId, owner, me }: { followUpId: string; owner: string | null; me: string }) {
  const trpc = useTRPC();
  const router = useRouter();
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
        <ResolveNoteForm
          title="Resolve follow-up"
          placeholder="What was done"
          maxLength={2000}
          pending={resolve.isPending}
          error={resolve.error}
          onResolve={(note) => resolve.mutate({ followUpId, note })}
        />
      )}
      <ErrorText inline className="text-xs" error={resolve.error ?? assign.error} />
    </div>
  );
}

"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/error-text";
import { useTRPC } from "@/lib/trpc/react";

/** Sends a failed or unmatched webhook through processing again; the page refreshes to show the outcome. */
export function ReplayWebhookButton({ id }: { id: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const m = useMutation(
    trpc.ops.webhooks.replay.mutationOptions({ onSuccess: () => setTimeout(() => router.refresh(), 1500) }),
  );
  return (
    <span className="inline-flex items-center gap-2">
      <Button size="sm" onClick={() => m.mutate({ id })} pending={m.isPending} disabled={m.isSuccess}>
        {m.isPending ? "Replaying…" : m.isSuccess ? "Replayed" : "Replay"}
      </Button>
      <ErrorText inline className="text-xs" error={m.error} />
    </span>
  );
}

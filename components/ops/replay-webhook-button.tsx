"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/server/trpc/react";

/** Sends a failed or unmatched webhook through processing again; the page refreshes to show the outcome. */
export function ReplayWebhookButton({ id }: { id: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const m = useMutation(
    trpc.ops.webhooks.replay.mutationOptions({ onSuccess: () => setTimeout(() => router.refresh(), 1500) }),
  );
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        onClick={() => m.mutate({ id })}
        disabled={m.isPending || m.isSuccess}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium hover:border-slate-500 disabled:opacity-50"
      >
        {m.isPending ? "Replaying…" : m.isSuccess ? "Replayed" : "Replay"}
      </button>
      {m.error && (
        <span role="alert" className="text-xs text-rose-700">
          {m.error.message}
        </span>
      )}
    </span>
  );
}

"use client";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/server/trpc/react";

/** Syncs one provider's active bookings now; the run is followed on /ops/jobs. */
export function SyncNowButton({ providerCode }: { providerCode: string }) {
  const trpc = useTRPC();
  const m = useMutation(trpc.ops.providers.syncNow.mutationOptions());
  if (m.isSuccess)
    return (
      <span role="status" className="text-xs text-green-800">
        Sync started ·{" "}
        <Link href="/ops/jobs" className="underline">
          see jobs
        </Link>
      </span>
    );
  return (
    <span className="flex items-center gap-2">
      <button
        type="button"
        disabled={m.isPending}
        onClick={() => m.mutate({ providerCode })}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium hover:border-slate-500 disabled:opacity-50"
      >
        Sync now
      </button>
      {m.error && (
        <span role="alert" className="text-xs text-rose-700">
          {m.error.message}
        </span>
      )}
    </span>
  );
}

"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/server/trpc/react";

const button =
  "rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium hover:border-slate-500 disabled:opacity-50";

/** Acknowledge ("on it") and resolve, for one alert; the page re-renders with who and when. */
export function AlertActions({ alertId, status }: { alertId: string; status: "open" | "acknowledged" | "resolved" }) {
  const trpc = useTRPC();
  const router = useRouter();
  const ack = useMutation(trpc.ops.alerts.acknowledge.mutationOptions({ onSuccess: () => router.refresh() }));
  const resolve = useMutation(trpc.ops.alerts.resolve.mutationOptions({ onSuccess: () => router.refresh() }));
  if (status === "resolved") return null;
  const busy = ack.isPending || resolve.isPending;
  const error = ack.error ?? resolve.error;
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      {status === "open" && (
        <button type="button" className={button} disabled={busy} onClick={() => ack.mutate({ alertId })}>
          Acknowledge
        </button>
      )}
      <button type="button" className={button} disabled={busy} onClick={() => resolve.mutate({ alertId })}>
        Resolve
      </button>
      {error && (
        <span role="alert" className="text-xs text-rose-700">
          {error.message}
        </span>
      )}
    </span>
  );
}

"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/error-text";
import { useTRPC } from "@/lib/trpc/react";

/** Acknowledge ("on it") and resolve, for one alert; the page re-renders with who and when. */
export function AlertActions({ alertId, status }: { alertId: string; status: "open" | "acknowledged" | "resolved" }) {
  const trpc = useTRPC();
  const router = useRouter();
  const ack = useMutation(trpc.ops.alerts.acknowledge.mutationOptions({ onSuccess: () => router.refresh() }));
  const resolve = useMutation(trpc.ops.alerts.resolve.mutationOptions({ onSuccess: () => router.refresh() }));
  if (status === "resolved") return null;
  const busy = ack.isPending || resolve.isPending;
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      {status === "open" && (
        <Button size="sm" disabled={busy} pending={ack.isPending} onClick={() => ack.mutate({ alertId })}>
          Acknowledge
        </Button>
      )}
      <Button size="sm" disabled={busy} pending={resolve.isPending} onClick={() => resolve.mutate({ alertId })}>
        Resolve
      </Button>
      <ErrorText inline className="text-xs" error={ack.error ?? resolve.error} />
    </span>
  );
}

"use client";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/error-text";
import { useTRPC } from "@/lib/trpc/react";

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
      <Button size="sm" pending={m.isPending} onClick={() => m.mutate({ providerCode })}>
        Sync now
      </Button>
      <ErrorText inline className="text-xs" error={m.error} />
    </span>
  );
}

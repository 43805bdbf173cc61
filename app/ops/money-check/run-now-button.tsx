"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/error-text";
import { useTRPC } from "@/lib/trpc/react";

/** Runs the money check now (the daily job runs the same check); the page then shows the new run. */
export function RunMoneyCheckButton() {
  const trpc = useTRPC();
  const router = useRouter();
  const m = useMutation(trpc.ops.moneyCheck.runNow.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <span className="inline-flex items-center gap-2">
      <Button size="sm" variant="primary" onClick={() => m.mutate()} pending={m.isPending}>
        {m.isPending ? "Checking…" : "Run now"}
      </Button>
      <ErrorText inline className="text-xs" error={m.error} />
    </span>
  );
}

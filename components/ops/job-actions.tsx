"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/error-text";
import { useTRPC } from "@/lib/trpc/react";

/** "Run now" for a scheduled function; opens the new run. */
export function RunNowButton({ functionId }: { functionId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const m = useMutation(
    trpc.ops.jobs.runNow.mutationOptions({ onSuccess: ({ runId }) => router.push(`/ops/jobs/${runId}`) }),
  );
  return <Action label="Run now" busy="Starting…" m={m} run={() => m.mutate({ functionId })} />;
}

export function ReplayButton({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const m = useMutation(
    trpc.ops.jobs.replay.mutationOptions({ onSuccess: (r) => router.push(`/ops/jobs/${r.runId}`) }),
  );
  return <Action label="Replay" busy="Replaying…" m={m} run={() => m.mutate({ runId })} />;
}

export function CancelButton({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const m = useMutation(trpc.ops.jobs.cancel.mutationOptions({ onSuccess: () => router.refresh() }));
  return <Action label="Cancel" busy="Cancelling…" m={m} run={() => m.mutate({ runId })} />;
}

function Action({
  label,
  busy,
  m,
  run,
}: {
  label: string;
  busy: string;
  m: { isPending: boolean; error: unknown };
  run: () => void;
}) {
  return (
    <span className="inline-flex items-center gap-2">
      <Button size="sm" pending={m.isPending} onClick={run}>
        {m.isPending ? busy : label}
      </Button>
      <ErrorText inline className="text-xs" error={m.error} />
    </span>
  );
}

/** Re-renders the server page every two seconds while a run is still going: its steps appear as they finish. */
export function RefreshWhile({ active }: { active: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => router.refresh(), 2000);
    return () => clearInterval(t);
  }, [active, router]);
  return null;
}

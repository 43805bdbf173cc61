"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { useTRPC } from "@/server/trpc/react";

const button =
  "rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium hover:border-slate-500 disabled:opacity-50";

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
  m: { isPending: boolean; error: { message: string } | null };
  run: () => void;
}) {
  return (
    <span className="inline-flex items-center gap-2">
      <button type="button" className={button} disabled={m.isPending} onClick={run}>
        {m.isPending ? busy : label}
      </button>
      {m.error && (
        <span role="alert" className="text-xs text-rose-700">
          {m.error.message}
        </span>
      )}
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

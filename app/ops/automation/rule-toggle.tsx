"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { ErrorText } from "@/components/ui/error-text";
import { useTRPC } from "@/lib/trpc/react";

/** Enable or disable one rule; the page re-renders with who changed it and when. */
export function RuleToggle({ ruleId, enabled }: { ruleId: string; enabled: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const set = useMutation(trpc.ops.automation.setEnabled.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        role="switch"
        aria-checked={enabled}
        aria-label={`${enabled ? "Disable" : "Enable"} ${ruleId}`}
        disabled={set.isPending}
        onClick={() => set.mutate({ ruleId, enabled: !enabled })}
        className={`relative inline-flex h-5 w-9 shrink-0 items-center rounded-full transition disabled:opacity-50 ${enabled ? "bg-emerald-600" : "bg-slate-300"}`}
      >
        <span
          className={`inline-block h-4 w-4 rounded-full bg-white shadow transition ${enabled ? "translate-x-4" : "translate-x-0.5"}`}
        />
      </button>
      <span className="text-xs font-medium">{enabled ? "Enabled" : "Disabled"}</span>
      <ErrorText inline className="text-xs" error={set.error} />
    </span>
  );
}

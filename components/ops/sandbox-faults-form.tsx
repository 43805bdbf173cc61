"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/server/trpc/react";

export type SandboxFaultsValue = {
  latencyMs: number;
  jitterMs: number;
  errorRateBps: number;
  outage: boolean;
  rejectCancellations: boolean;
  eventsPerHour: number;
};

const num = "w-20 rounded-md border border-slate-300 px-2 py-1 text-sm";

/** Fault injection for one sandbox provider: what sync, cancellations and webhooks will meet. */
export function SandboxFaultsForm({ providerCode, value }: { providerCode: string; value: SandboxFaultsValue }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [v, setV] = useState(value);
  const m = useMutation(trpc.ops.providers.setSandboxFaults.mutationOptions({ onSuccess: () => router.refresh() }));
  const set = (patch: Partial<SandboxFaultsValue>) => setV((x) => ({ ...x, ...patch }));
  return (
    <form
      aria-label={`Faults for ${providerCode}`}
      className="flex flex-wrap items-center gap-3 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        m.mutate({ providerCode, ...v });
      }}
    >
      <label className="flex items-center gap-1">
        <input type="checkbox" checked={v.outage} onChange={(e) => set({ outage: e.target.checked })} /> Outage
      </label>
      <label className="flex items-center gap-1">
        <input
          type="checkbox"
          checked={v.rejectCancellations}
          onChange={(e) => set({ rejectCancellations: e.target.checked })}
        />{" "}
        Refuse cancellations
      </label>
      <label className="flex items-center gap-1">
        Latency{" "}
        <input
          type="number"
          min={0}
          className={num}
          value={v.latencyMs}
          onChange={(e) => set({ latencyMs: Number(e.target.value) })}
        />{" "}
        ms
      </label>
      <label className="flex items-center gap-1">
        Errors{" "}
        <input
          type="number"
          min={0}
          max={100}
          step={0.1}
          className={num}
          value={v.errorRateBps / 100}
          onChange={(e) => set({ errorRateBps: Math.round(Number(e.target.value) * 100) })}
        />{" "}
        %
      </label>
      <label className="flex items-center gap-1">
        Events{" "}
        <input
          type="number"
          min={0}
          className={num}
          value={v.eventsPerHour}
          onChange={(e) => set({ eventsPerHour: Number(e.target.value) })}
        />{" "}
        /h
      </label>
      <button
        className="rounded-md bg-slate-900 px-2 py-1 text-xs font-medium text-white disabled:opacity-50"
        disabled={m.isPending}
      >
        {m.isPending ? "Saving…" : "Apply"}
      </button>
      {m.error && (
        <span role="alert" className="text-xs text-rose-700">
          {m.error.message}
        </span>
      )}
    </form>
  );
}

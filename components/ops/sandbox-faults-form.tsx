"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Checkbox } from "@/components/ui/checkbox";
import { fieldErrorOf } from "@/components/ui/error-message";
import { ErrorText } from "@/components/ui/error-text";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { useTRPC } from "@/lib/trpc/react";

export type SandboxFaultsValue = {
  latencyMs: number;
  jitterMs: number;
  errorRateBps: number;
  outage: boolean;
  rejectCancellations: boolean;
  eventsPerHour: number;
};

/** Fault injection for one sandbox provider: what sync, cancellations and webhooks will meet. */
export function SandboxFaultsForm({ providerCode, value }: { providerCode: string; value: SandboxFaultsValue }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [v, setV] = useState(value);
  const m = useMutation(trpc.ops.providers.setSandboxFaults.mutationOptions({ onSuccess: () => router.refresh() }));
  const set = (patch: Partial<SandboxFaultsValue>) => setV((x) => ({ ...x, ...patch }));
  const error = (field: keyof SandboxFaultsValue) => fieldErrorOf(m.error, field);
  return (
    <form
      aria-label={`Faults for ${providerCode}`}
      className="flex flex-wrap items-end gap-3 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        m.mutate({ providerCode, ...v });
      }}
    >
      <div className="grid gap-1 pb-1">
        <Checkbox label="Outage" checked={v.outage} onChange={(e) => set({ outage: e.target.checked })} />
        <Checkbox
          label="Refuse cancellations"
          checked={v.rejectCancellations}
          onChange={(e) => set({ rejectCancellations: e.target.checked })}
        />
      </div>
      <Field label="Latency (ms)" className="w-24" error={error("latencyMs")}>
        <Input
          size="sm"
          type="number"
          min={0}
          max={60_000}
          value={v.latencyMs}
          onChange={(e) => set({ latencyMs: Number(e.target.value) })}
        />
      </Field>
      <Field label="Errors (%)" className="w-24" error={error("errorRateBps")}>
        {/* Typed as a percentage with one decimal, kept as basis points (0.1 % = 10 bps). */}
        <Input
          size="sm"
          type="number"
          min={0}
          max={100}
          step={0.1}
          value={v.errorRateBps / 100}
          onChange={(e) => set({ errorRateBps: Math.round(Number(e.target.value) * 100) })}
        />
      </Field>
      <Field label="Events per hour" className="w-28" error={error("eventsPerHour")}>
        <Input
          size="sm"
          type="number"
          min={0}
          max={3_600}
          value={v.eventsPerHour}
          onChange={(e) => set({ eventsPerHour: Number(e.target.value) })}
        />
      </Field>
      <SubmitButton size="sm" pending={m.isPending} pendingLabel="Saving…">
        Apply
      </SubmitButton>
      <ErrorText inline className="text-xs" error={m.error} />
    </form>
  );
}

"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { fieldErrorOf } from "@/components/ui/error-message";
import { ErrorText } from "@/components/ui/error-text";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { useTRPC } from "@/lib/trpc/react";
import { OneTimeSecret } from "./one-time-secret";

/** Issue a key for one client; the key is in this answer only, so it is shown here, once. */
export function IssueKeyForm({ clientId, clientName }: { clientId: string; clientName: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState("");
  const m = useMutation(
    trpc.ops.apiClients.issueKey.mutationOptions({
      onSuccess: () => {
        setName("");
        router.refresh();
      },
    }),
  );
  return (
    <div className="grid gap-2">
      <form
        aria-label={`New key for ${clientName}`}
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          m.mutate({ clientId, name });
        }}
      >
        <Field label="Key name" className="w-56" error={fieldErrorOf(m.error, "name")}>
          <Input
            size="sm"
            required
            maxLength={100}
            value={name}
            placeholder="production"
            onChange={(e) => setName(e.target.value)}
          />
        </Field>
        <SubmitButton size="sm" pending={m.isPending} pendingLabel="Issuing…">
          Issue key
        </SubmitButton>
        <ErrorText inline className="text-xs" error={m.error && !fieldErrorOf(m.error, "name") ? m.error : null} />
      </form>
      {m.data && <OneTimeSecret label={`API key ${m.data.prefix}…`} value={m.data.key} />}
    </div>
  );
}

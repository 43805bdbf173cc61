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

/** A new checkout client; its keys are issued from its own section. */
export function CreateClientForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState("");
  const m = useMutation(
    trpc.ops.apiClients.create.mutationOptions({
      onSuccess: () => {
        setName("");
        router.refresh();
      },
    }),
  );
  return (
    <form
      aria-label="New API client"
      className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        m.mutate({ name });
      }}
    >
      <Field
        label="New client"
        hint="The platform or checkout that will call the intake API"
        className="w-72"
        error={fieldErrorOf(m.error, "name")}
      >
        <Input
          required
          maxLength={100}
          value={name}
          placeholder="Acme checkout"
          onChange={(e) => setName(e.target.value)}
        />
      </Field>
      <SubmitButton pending={m.isPending} pendingLabel="Creating…">
        Create client
      </SubmitButton>
      <ErrorText inline className="text-xs" error={m.error && !fieldErrorOf(m.error, "name") ? m.error : null} />
    </form>
  );
}

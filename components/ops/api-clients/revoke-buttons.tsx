"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/lib/trpc/react";
import { ConfirmButton } from "./confirm-button";

/** Revoke one key: requests with it are refused from the next one on. */
export function RevokeKeyButton({ keyId, prefix }: { keyId: string; prefix: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const m = useMutation(trpc.ops.apiClients.revokeKey.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <ConfirmButton
      label="Revoke"
      question={`Requests with ${prefix}… will be refused.`}
      pending={m.isPending}
      error={m.error}
      onConfirm={() => m.mutate({ keyId })}
    />
  );
}

/** Revoke a client and all its keys. */
export function RevokeClientButton({ clientId, name }: { clientId: string; name: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const m = useMutation(trpc.ops.apiClients.revoke.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <ConfirmButton
      label="Revoke client"
      question={`Every key of ${name} will stop working.`}
      pending={m.isPending}
      error={m.error}
      onConfirm={() => m.mutate({ clientId })}
    />
  );
}

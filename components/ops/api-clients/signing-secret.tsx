"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/error-text";
import { useTRPC } from "@/lib/trpc/react";
import { ConfirmButton } from "./confirm-button";
import { OneTimeSecret } from "./one-time-secret";

/**
 * Set, rotate or clear the client's signing secret. With one set, every request must carry
 * X-Signature made with it; a new one replaces the old at once, so the platform must switch too.
 */
export function SigningSecret({ clientId, signed, live }: { clientId: string; signed: boolean; live: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const rotate = useMutation(trpc.ops.apiClients.rotateSecret.mutationOptions({ onSuccess: () => router.refresh() }));
  const clear = useMutation(
    trpc.ops.apiClients.clearSecret.mutationOptions({
      onSuccess: () => {
        rotate.reset(); // a cleared secret is no longer worth showing
        router.refresh();
      },
    }),
  );
  return (
    <div className="grid gap-2 text-sm">
      <p className="text-slate-600">
        {signed ? "Every request must carry a valid X-Signature." : "Requests need not be signed."}
      </p>
      {live && (
        <div className="flex flex-wrap items-center gap-2">
          {signed ? (
            <ConfirmButton
              key={rotate.data?.secret ?? "none"} // a new secret closes the question
              label="Rotate secret"
              question="The current secret stops working at once."
              pending={rotate.isPending}
              error={rotate.error}
              onConfirm={() => rotate.mutate({ clientId })}
            />
          ) : (
            <span className="inline-flex items-center gap-2">
              <Button size="sm" pending={rotate.isPending} onClick={() => rotate.mutate({ clientId })}>
                Require signatures
              </Button>
              <ErrorText inline className="text-xs" error={rotate.error} />
            </span>
          )}
          {signed && (
            <ConfirmButton
              label="Clear secret"
              question="Unsigned requests will be accepted."
              pending={clear.isPending}
              error={clear.error}
              onConfirm={() => clear.mutate({ clientId })}
            />
          )}
        </div>
      )}
      {rotate.data && <OneTimeSecret label="Signing secret" value={rotate.data.secret} />}
    </div>
  );
}

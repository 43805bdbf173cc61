"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/error-text";
import { useTRPC } from "@/lib/trpc/react";

/** Support asks for a booking's documents to be generated again; the list refreshes once they had time to render. */
export function GenerateDocumentsButton({ bookingId, hasDocuments }: { bookingId: string; hasDocuments: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const m = useMutation(
    trpc.ops.documents.generate.mutationOptions({ onSuccess: () => setTimeout(() => router.refresh(), 2000) }),
  );
  return (
    <div className="mt-2 flex items-center gap-3 text-sm">
      <Button pending={m.isPending} onClick={() => m.mutate({ bookingId })}>
        {hasDocuments ? "Regenerate documents" : "Generate documents"}
      </Button>
      {m.isSuccess && (
        <span role="status" className="text-green-800">
          Requested: the documents appear here in a few seconds.
        </span>
      )}
      <ErrorText inline error={m.error} />
    </div>
  );
}

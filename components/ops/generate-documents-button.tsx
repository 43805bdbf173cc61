"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/server/trpc/react";

/** Support asks for a booking's documents to be generated again; the list refreshes once they had time to render. */
export function GenerateDocumentsButton({ bookingId, hasDocuments }: { bookingId: string; hasDocuments: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const m = useMutation(
    trpc.ops.documents.generate.mutationOptions({ onSuccess: () => setTimeout(() => router.refresh(), 2000) }),
  );
  return (
    <div className="mt-2 flex items-center gap-3 text-sm">
      <button
        type="button"
        disabled={m.isPending}
        onClick={() => m.mutate({ bookingId })}
        className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium disabled:opacity-50"
      >
        {hasDocuments ? "Regenerate documents" : "Generate documents"}
      </button>
      {m.isSuccess && (
        <span role="status" className="text-green-800">
          Requested: the documents appear here in a few seconds.
        </span>
      )}
      {m.error && (
        <span role="alert" className="text-rose-700">
          {m.error.message}
        </span>
      )}
    </div>
  );
}

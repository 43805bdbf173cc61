"use client";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/react";

/** "E-mail me my documents": queues one document delivery (a double click queues it once). */
export function ResendDocuments({ reference }: { reference: string }) {
  const trpc = useTRPC();
  const m = useMutation(trpc.portal.comms.resendDocuments.mutationOptions());
  return (
    <div className="mt-2 text-sm">
      <button
        type="button"
        disabled={m.isPending || m.isSuccess}
        onClick={() => m.mutate({ reference })}
        className="rounded-md border border-slate-300 px-3 py-1.5 font-medium disabled:opacity-50"
      >
        {m.isSuccess ? "On its way to your inbox" : "E-mail me my documents"}
      </button>
      {m.error && (
        <span role="alert" className="ml-2 text-rose-700">
          {m.error.message}
        </span>
      )}
    </div>
  );
}

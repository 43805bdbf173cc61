"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/error-text";
import { RefusedAction } from "@/components/portal/refused-action";
import { useTRPC } from "@/lib/trpc/react";
import type { Verdict } from "@/server/domain/available-actions";

/** The traveler's answer to a schedule change, given by support; each refused answer shows why. */
export function ScheduleAnswerForTraveler({
  reference,
  itemId,
  title,
  accept,
  reject,
}: {
  reference: string;
  itemId: string;
  title: string;
  accept: Verdict;
  reject: Verdict;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const m = useMutation(
    trpc.ops.onBehalf.respondToScheduleChange.mutationOptions({ onSuccess: () => router.refresh() }),
  );
  return (
    <div
      className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm"
      role="region"
      aria-label={`Schedule change: ${title}`}
    >
      <p className="font-medium text-amber-900">{title}: the schedule changed</p>
      <div className="mt-2 flex flex-wrap items-start gap-2">
        {accept.allowed ? (
          <Button
            variant="primary"
            pending={m.isPending}
            onClick={() => m.mutate({ reference, itemId, decision: "accept" })}
          >
            Accept the new schedule for the traveler
          </Button>
        ) : (
          <RefusedAction label="Accept the new schedule" reason={accept.reason} />
        )}
        {reject.allowed ? (
          <Button
            variant="danger"
            pending={m.isPending}
            onClick={() => m.mutate({ reference, itemId, decision: "reject" })}
          >
            Reject and cancel for a full refund
          </Button>
        ) : (
          <RefusedAction label="Reject and cancel for a full refund" reason={reject.reason} />
        )}
      </div>
      {m.isSuccess && (
        <p role="status" className="mt-2 text-emerald-800">
          Answered; the traveler has been told.
        </p>
      )}
      <ErrorText error={m.error} className="mt-2" />
    </div>
  );
}

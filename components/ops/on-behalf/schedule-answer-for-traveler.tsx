"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { ErrorText } from "@/components/ui/error-text";
import { ScheduleAnswerButtons } from "@/components/portal/schedule-answer-buttons";
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
        <ScheduleAnswerButtons
          accept={accept}
          reject={reject}
          pending={m.isPending}
          onAnswer={(decision) => m.mutate({ reference, itemId, decision })}
          acceptLabel="Accept the new schedule for the traveler"
        />
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

"use client";
import { Button } from "@/components/ui/button";
import type { Verdict } from "@/server/domain/available-actions";
import { RefusedAction } from "./refused-action";

export type ScheduleDecision = "accept" | "reject";

/**
 * Accept or reject a schedule change, each button only where the available actions allow it and
 * its reason where not: the traveler's panel and support's (acting for them) render the same rule.
 */
export function ScheduleAnswerButtons({
  accept,
  reject,
  pending,
  onAnswer,
  acceptLabel = "Accept the new schedule",
}: {
  accept: Verdict;
  reject: Verdict;
  pending: boolean;
  onAnswer: (decision: ScheduleDecision) => void;
  acceptLabel?: string;
}) {
  return (
    <>
      {accept.allowed ? (
        <Button variant="primary" pending={pending} onClick={() => onAnswer("accept")}>
          {acceptLabel}
        </Button>
      ) : (
        <RefusedAction label="Accept the new schedule" reason={accept.reason} />
      )}
      {reject.allowed ? (
        <Button variant="danger" pending={pending} onClick={() => onAnswer("reject")}>
          Reject and cancel for a full refund
        </Button>
      ) : (
        <RefusedAction label="Reject and cancel for a full refund" reason={reject.reason} />
      )}
    </>
  );
}

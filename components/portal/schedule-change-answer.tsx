"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { ErrorText } from "@/components/ui/error-text";
import { useTRPC } from "@/lib/trpc/react";
import type { Verdict } from "@/server/domain/available-actions";
import { ScheduleAnswerButtons } from "./schedule-answer-buttons";

type Segment = { flightNumber?: string; from?: string; to?: string; departureLocal?: string; arrivalLocal?: string };
const fmt = (local?: string) => (local ? local.replace("T", " ") : "—");

/** A schedule change waiting for the traveler: what moved, what they may do, and their answer. */
export type Eu261Rights = {
  compensation: { distanceKm: number; amountMinor: number };
  notice: { window: string };
} | null;

export function ScheduleChangeAnswer({
  reference,
  itemId,
  before,
  after,
  refundEligible,
  summary,
  eu261,
  accept,
  reject,
}: {
  reference: string;
  itemId: string;
  before: Segment[];
  after: Segment[];
  refundEligible: boolean;
  summary: string | null;
  eu261: Eu261Rights;
  /** What the server says about each answer (available actions): a refused one shows why. */
  accept: Verdict;
  reject: Verdict;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const m = useMutation(
    trpc.portal.bookings.respondToScheduleChange.mutationOptions({ onSuccess: () => router.refresh() }),
  );
  return (
    <div
      className="mt-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm"
      role="region"
      aria-label="Schedule change"
    >
      <p className="font-medium text-amber-900">The schedule changed{summary ? `: ${summary}` : ""}</p>
      <table className="mt-2 w-full text-left text-xs">
        <thead>
          <tr className="text-amber-800">
            <th>Flight</th>
            <th>Was (local time)</th>
            <th>Now (local time)</th>
          </tr>
        </thead>
        <tbody>
          {after.map((s, i) => (
            <tr key={i}>
              <td>
                {s.flightNumber} {s.from}→{s.to}
              </td>
              <td>
                {fmt(before[i]?.departureLocal)} → {fmt(before[i]?.arrivalLocal)}
              </td>
              <td className={before[i]?.departureLocal !== s.departureLocal ? "font-semibold" : ""}>
                {fmt(s.departureLocal)} → {fmt(s.arrivalLocal)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {/* When the change gives no right to refuse it, the refused answer below says so. */}
      {refundEligible && (
        <p className="mt-2 text-amber-900">
          This is a significant change: you may keep the new schedule, or cancel this flight for a full refund.
        </p>
      )}
      {eu261 && (
        <p className="mt-2 text-amber-900">
          EU Regulation 261/2004 covers this flight ({Math.round(eu261.compensation.distanceKm).toLocaleString("en-US")}{" "}
          km): you may choose a refund or a rerouting.{" "}
          {eu261.notice.window === "14_days_or_more"
            ? "Announced at least 14 days ahead, a cancellation carries no compensation."
            : `Announced less than 14 days ahead, a cancellation may entitle you to €${(eu261.compensation.amountMinor / 100).toLocaleString("en-US")} unless the airline offered a rerouting close to your original times.`}
        </p>
      )}
      <div className="mt-3 flex flex-wrap items-start gap-2">
        <ScheduleAnswerButtons
          accept={accept}
          reject={reject}
          pending={m.isPending}
          onAnswer={(decision) => m.mutate({ reference, itemId, decision })}
        />
      </div>
      <ErrorText error={m.error} className="mt-2" />
    </div>
  );
}

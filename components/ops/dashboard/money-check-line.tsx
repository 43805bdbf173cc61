import Link from "next/link";
import { when } from "@/components/ui/format";

type LatestRun = {
  status: string;
  startedAt: Date;
  finishedAt: Date | null;
  differenceCount: number;
  error: string | null;
} | null;

/** The daily money check at a glance: green or red, with the last run's time; details on /ops/money-check. */
export function MoneyCheckLine({ run }: { run: LatestRun }) {
  const tone =
    run?.status === "green"
      ? "border-emerald-200 bg-emerald-50 text-emerald-800"
      : run?.status === "red" || run?.status === "failed"
        ? "border-red-300 bg-red-50 text-red-800"
        : "border-slate-200 bg-white text-slate-600";
  const text = !run
    ? "Money check: no run yet"
    : run.status === "green"
      ? "Money check green: the gateway's records equal ours in every currency"
      : run.status === "red"
        ? `Money check red: ${run.differenceCount} record${run.differenceCount === 1 ? "" : "s"} disagree with the gateway`
        : run.status === "failed"
          ? `Money check could not finish: ${run.error ?? "unknown error"}`
          : "Money check running";
  return (
    <Link
      href="/ops/money-check"
      aria-label="Money check"
      className={`flex items-center justify-between rounded-lg border px-3 py-2 text-sm hover:underline ${tone}`}
    >
      <span className="font-medium">{text}</span>
      {run && <span className="text-xs">last run {when(run.finishedAt ?? run.startedAt)} UTC</span>}
    </Link>
  );
}

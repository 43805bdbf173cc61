import clsx from "clsx";
import { label } from "./format";

const tone: Record<string, string> = {
  confirmed: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  ticketed: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  completed: "bg-slate-100 text-slate-600 ring-slate-200",
  succeeded: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  modified: "bg-sky-50 text-sky-700 ring-sky-200",
  pending: "bg-amber-50 text-amber-700 ring-amber-200",
  processing: "bg-amber-50 text-amber-700 ring-amber-200",
  schedule_changed: "bg-amber-50 text-amber-800 ring-amber-300",
  partially_cancelled: "bg-orange-50 text-orange-700 ring-orange-200",
  cancelled: "bg-rose-50 text-rose-700 ring-rose-200",
  provider_cancelled: "bg-rose-50 text-rose-700 ring-rose-200",
  refunded: "bg-violet-50 text-violet-700 ring-violet-200",
  disputed: "bg-red-100 text-red-800 ring-red-300",
  failed: "bg-red-100 text-red-800 ring-red-300",
  error: "bg-red-100 text-red-800 ring-red-300",
  no_show: "bg-slate-100 text-slate-600 ring-slate-200",
  critical: "bg-red-600 text-white ring-red-700",
  high: "bg-orange-100 text-orange-800 ring-orange-300",
  medium: "bg-amber-50 text-amber-800 ring-amber-200",
  low: "bg-slate-100 text-slate-600 ring-slate-200",
  needs_response: "bg-red-100 text-red-800 ring-red-300",
  open: "bg-amber-50 text-amber-800 ring-amber-200",
  healthy: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  degraded: "bg-amber-50 text-amber-800 ring-amber-200",
  // intake log outcomes
  created: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  duplicate: "bg-sky-50 text-sky-700 ring-sky-200",
  conflict: "bg-orange-50 text-orange-700 ring-orange-200",
  invalid: "bg-rose-50 text-rose-700 ring-rose-200",
};

export function Badge({ value }: { value: string }) {
  return (
    <span
      className={clsx(
        "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset whitespace-nowrap",
        tone[value] ?? "bg-slate-50 text-slate-700 ring-slate-200",
      )}
    >
      {label(value)}
    </span>
  );
}

import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { when } from "@/components/ui/format";
import { formatMoney } from "@/server/domain/money";
import type { CriticalItem, CriticalKind, CriticalList } from "@/server/services/metrics/critical-items";

const sections: { kind: CriticalKind; title: string; queue: string }[] = [
  { kind: "disputes", title: "Disputes due within 3 days", queue: "/ops/disputes" },
  { kind: "refundDeadlines", title: "Refunds near their legal deadline", queue: "/ops/refunds" },
  { kind: "failedRefunds", title: "Failed refunds", queue: "/ops/refunds" },
  { kind: "alerts", title: "Unacknowledged alerts", queue: "/ops/alerts" },
  { kind: "followUps", title: "Open follow-ups", queue: "/ops/follow-ups" },
  { kind: "syncErrors", title: "Sync errors on upcoming trips", queue: "/ops/bookings?sync=error" },
];

/** The spec's critical items: each row links to where it is fixed (its booking, else its queue). */
export function CriticalItems({ critical, now }: { critical: Record<CriticalKind, CriticalList>; now: Date }) {
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {sections.map(({ kind, title, queue }) => {
        const list = critical[kind];
        return (
          <section key={kind} aria-label={title} className="rounded-lg border border-slate-200 bg-white shadow-sm">
            <header className="flex items-center justify-between border-b border-slate-100 px-3 py-2">
              <h3 className="text-sm font-semibold">{title}</h3>
              <Link href={queue} className="text-xs text-sky-700 hover:underline">
                {list.count.toLocaleString("en-US")}
                {list.more ? "+" : ""} in all →
              </Link>
            </header>
            {list.items.length === 0 ? (
              <p className="px-3 py-3 text-sm text-slate-500">None.</p>
            ) : (
              <ul className="divide-y divide-slate-100">
                {list.items.map((it) => (
                  <Row key={it.id} kind={kind} it={it} now={now} />
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}

function Row({ kind, it, now }: { kind: CriticalKind; it: CriticalItem; now: Date }) {
  const overdue = it.dueAt ? new Date(it.dueAt).getTime() < now.getTime() : false;
  const amount = it.amountMinor != null && it.currency ? formatMoney(it.amountMinor, it.currency) : null;
  const what =
    kind === "followUps" || kind === "alerts" ? it.title : [amount, it.reason ?? it.status].filter(Boolean).join(" · ");
  return (
    <li>
      <Link
        href={it.href}
        className="grid grid-cols-[auto_1fr_auto] items-center gap-3 px-3 py-2 text-sm hover:bg-slate-50"
        data-critical={kind}
      >
        <span className="font-mono text-xs text-sky-700">{it.reference ?? "—"}</span>
        <span className="truncate">
          {it.severity && <Badge value={it.severity} />} {what}
        </span>
        <span className={overdue ? "text-xs font-medium text-rose-700" : "text-xs text-slate-500"}>
          {it.dueAt ? `${overdue ? "overdue " : "due "}${when(it.dueAt)}` : when(it.at)}
        </span>
      </Link>
    </li>
  );
}

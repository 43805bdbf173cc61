import type { SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { CRITICAL_COUNT_CAP, criticalQueries } from "./queries";

export type CriticalKind = "disputes" | "failedRefunds" | "syncErrors" | "followUps" | "alerts" | "refundDeadlines";
export type CriticalItem = {
  id: string;
  bookingId: string | null;
  reference: string | null;
  title?: string;
  reason?: string | null;
  dueAt?: string | null;
  at?: string;
  amountMinor?: number;
  currency?: string;
  severity?: string;
  status?: string;
  owner?: string | null;
  source?: string;
  failures?: number;
  /** Where it is fixed: the booking's page, else the queue that holds it. */
  href: string;
};
/** `count` is exact up to CRITICAL_COUNT_CAP; `more` says there are more than that. */
export type CriticalList = { count: number; more: boolean; items: CriticalItem[] };

const queuePage: Record<CriticalKind, string> = {
  disputes: "/ops/disputes",
  failedRefunds: "/ops/refunds",
  syncErrors: "/ops/bookings?sync=error",
  followUps: "/ops/follow-ups",
  alerts: "/ops/alerts",
  refundDeadlines: "/ops/refunds",
};

/** The spec's critical items, each list most urgent first, with how many there are in all. */
export async function getCriticalItems(
  db: Db,
  { now = new Date() }: { now?: Date } = {},
): Promise<Record<CriticalKind, CriticalList>> {
  const q = criticalQueries(now);
  const kinds = Object.keys(q) as CriticalKind[];
  const results = await Promise.all(
    kinds.map(
      (k) => db.execute(q[k] as SQL) as unknown as Promise<{ count: number; items: Omit<CriticalItem, "href">[] }[]>,
    ),
  );
  return Object.fromEntries(
    kinds.map((k, i) => {
      const [r] = results[i];
      return [
        k,
        {
          count: Math.min(r.count, CRITICAL_COUNT_CAP),
          more: r.count > CRITICAL_COUNT_CAP,
          items: r.items.map((it) => ({
            ...it,
            amountMinor: it.amountMinor == null ? undefined : Number(it.amountMinor),
            href: it.bookingId ? `/ops/bookings/${it.bookingId}` : queuePage[k],
          })),
        },
      ];
    }),
  ) as Record<CriticalKind, CriticalList>;
}

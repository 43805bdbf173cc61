"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { label, money, when } from "@/components/ui/format";
import { bookingStatuses, itemCategories } from "@/server/domain/statuses";
import { useTRPC } from "@/server/trpc/react";
import { filtersFromParams } from "./booking-filters";

const select = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";

export function BookingsTable({ providers }: { providers: { code: string; name: string }[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const filters = filtersFromParams(Object.fromEntries(params.entries()));
  const [q, setQ] = useState(params.get("q") ?? "");

  const setParam = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!("page" in patch)) next.delete("page");
    router.replace(`${pathname}?${next.toString()}`, { scroll: false });
  };

  // Search as you type, once the text is long enough for the trigram index and the typing pauses.
  useEffect(() => {
    const t = setTimeout(() => {
      const wanted = q.trim().length >= 3 ? q.trim() : undefined;
      if (wanted !== (params.get("q") ?? undefined)) setParam({ q: wanted });
    }, 250);
    return () => clearTimeout(t);
  }, [q]); // eslint-disable-line react-hooks/exhaustive-deps

  const { data, isFetching, error } = useQuery({
    ...trpc.ops.bookings.search.queryOptions(filters),
    placeholderData: keepPreviousData,
  });

  return (
    <div>
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <input
          aria-label="Search bookings"
          placeholder="Reference, last name or e-mail"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          className="w-72 rounded-md border border-slate-300 px-3 py-1.5 text-sm"
        />
        <select
          aria-label="Status"
          className={select}
          value={params.get("status") ?? ""}
          onChange={(e) => setParam({ status: e.target.value })}
        >
          <option value="">Any status</option>
          {bookingStatuses.map((s) => (
            <option key={s} value={s}>
              {label(s)}
            </option>
          ))}
        </select>
        <select
          aria-label="Category"
          className={select}
          value={params.get("category") ?? ""}
          onChange={(e) => setParam({ category: e.target.value })}
        >
          <option value="">Any category</option>
          {itemCategories.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        <select
          aria-label="Provider"
          className={select}
          value={params.get("provider") ?? ""}
          onChange={(e) => setParam({ provider: e.target.value })}
        >
          <option value="">Any provider</option>
          {providers.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name}
            </option>
          ))}
        </select>
        {params.get("sync") && (
          <button className={select} onClick={() => setParam({ sync: undefined })}>
            Sync: {params.get("sync")} ✕
          </button>
        )}
        {params.get("open") && (
          <button className={select} onClick={() => setParam({ open: undefined })}>
            Open {params.get("open")} ✕
          </button>
        )}
        <span className="ml-auto text-sm text-slate-500" aria-live="polite">
          {isFetching
            ? "Loading…"
            : data
              ? `${data.total.toLocaleString("en-US")}${data.totalIsCapped ? "+" : ""} bookings`
              : ""}
        </span>
      </div>
      {error && (
        <p role="alert" className="mb-3 rounded-md bg-rose-50 p-3 text-sm text-rose-800">
          {error.message}
        </p>
      )}
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
        <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="bookings-table">
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              <th className="px-3 py-2">Reference</th>
              <th className="px-3 py-2">Traveler</th>
              <th className="px-3 py-2">Items</th>
              <th className="px-3 py-2">Travel</th>
              <th className="px-3 py-2 text-right">Total</th>
              <th className="px-3 py-2">Status</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {data?.rows.map((b) => (
              <tr key={b.id} className="hover:bg-slate-50">
                <td className="px-3 py-2 font-mono">
                  <Link className="text-sky-700 hover:underline" href={`/ops/bookings/${b.id}`}>
                    {b.reference}
                  </Link>
                </td>
                <td className="px-3 py-2">
                  <div>{b.contactName}</div>
                  <div className="text-xs text-slate-500">{b.contactEmail}</div>
                </td>
                <td className="px-3 py-2 text-slate-600">
                  {b.type} · {b.categories.join(", ")}
                </td>
                <td className="px-3 py-2 whitespace-nowrap">{when(b.travelStartAt, "UTC", false)}</td>
                <td className="px-3 py-2 text-right tabular-nums whitespace-nowrap">
                  {money(b.totalMinor, b.currency)}
                </td>
                <td className="px-3 py-2">
                  <div className="flex flex-wrap gap-1">
                    <Badge value={b.status} />
                    {b.syncStatus === "error" && <Badge value="error" />}
                    {b.hasDispute && <Badge value="disputed" />}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {data && data.rows.length === 0 && <p className="p-6 text-center text-sm text-slate-500">No bookings match.</p>}
      </div>
      {data && (
        <div className="mt-3 flex items-center justify-end gap-2 text-sm">
          <button
            className={select}
            disabled={data.page <= 1}
            onClick={() => setParam({ page: String(data.page - 1) })}
          >
            Previous
          </button>
          <span>
            Page {data.page} of {data.pageCount}
            {data.totalIsCapped ? "+" : ""}
          </span>
          <button
            className={select}
            disabled={data.page >= data.pageCount}
            onClick={() => setParam({ page: String(data.page + 1) })}
          >
            Next
          </button>
        </div>
      )}
    </div>
  );
}

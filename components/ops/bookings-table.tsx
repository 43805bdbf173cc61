"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/error-text";
import { Field } from "@/components/ui/field";
import { label, money, when } from "@/components/ui/format";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { searchable } from "@/server/domain/search-term";
import { bookingStatuses, itemCategories } from "@/server/domain/statuses";
import { useTRPC } from "@/lib/trpc/react";
import { filtersFromParams } from "./booking-filters";

const statusOptions = bookingStatuses.map((s) => ({ value: s, label: label(s) }));
const categoryOptions = itemCategories.map((c) => ({ value: c, label: c }));

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
      const wanted = searchable(q) ? q.trim() : undefined;
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
      <div className="mb-3 flex flex-wrap items-end gap-2">
        <Field label="Search bookings" hideLabel className="w-72">
          <Input
            type="search"
            placeholder="Reference, last name or e-mail (3 letters or more)"
            value={q}
            onChange={(e) => setQ(e.target.value)}
          />
        </Field>
        <Field label="Status" hideLabel>
          <Select
            placeholder="Any status"
            options={statusOptions}
            value={params.get("status") ?? ""}
            onChange={(e) => setParam({ status: e.target.value })}
          />
        </Field>
        <Field label="Category" hideLabel>
          <Select
            placeholder="Any category"
            options={categoryOptions}
            value={params.get("category") ?? ""}
            onChange={(e) => setParam({ category: e.target.value })}
          />
        </Field>
        <Field label="Provider" hideLabel>
          <Select
            placeholder="Any provider"
            options={providers.map((p) => ({ value: p.code, label: p.name }))}
            value={params.get("provider") ?? ""}
            onChange={(e) => setParam({ provider: e.target.value })}
          />
        </Field>
        {params.get("sync") && (
          <Button onClick={() => setParam({ sync: undefined })}>
            Sync: {params.get("sync")} <Cross />
          </Button>
        )}
        {params.get("open") && (
          <Button onClick={() => setParam({ open: undefined })}>
            Open {params.get("open")} <Cross />
          </Button>
        )}
        <span className="ml-auto self-center text-sm text-slate-500" aria-live="polite">
          {isFetching
            ? "Loading…"
            : data
              ? `${data.total.toLocaleString("en-US")}${data.totalIsCapped ? "+" : ""} bookings`
              : ""}
        </span>
      </div>
      <ErrorText error={error} className="mb-3 rounded-md bg-rose-50 p-3" />
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
        <table className="min-w-full divide-y divide-slate-200 text-sm" aria-label="Bookings">
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2">
                Reference
              </th>
              <th scope="col" className="px-3 py-2">
                Traveler
              </th>
              <th scope="col" className="px-3 py-2">
                Items
              </th>
              <th scope="col" className="px-3 py-2">
                Travel
              </th>
              <th scope="col" className="px-3 py-2 text-right">
                Total
              </th>
              <th scope="col" className="px-3 py-2">
                Status
              </th>
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
          <Button disabled={data.page <= 1} onClick={() => setParam({ page: String(data.page - 1) })}>
            Previous
          </Button>
          <span>
            Page {data.page} of {data.pageCount}
            {data.totalIsCapped ? "+" : ""}
          </span>
          <Button disabled={data.page >= data.pageCount} onClick={() => setParam({ page: String(data.page + 1) })}>
            Next
          </Button>
        </div>
      )}
    </div>
  );
}

/** A filter chip's remove mark: seen as ✕, heard as what it does. */
function Cross() {
  return (
    <>
      <span aria-hidden>✕</span>
      <span className="sr-only">(clear filter)</span>
    </>
  );
}

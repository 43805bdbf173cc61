import { searchable } from "@/server/domain/search-term";
import type { SearchBookingsInput } from "@/server/services/bookings/search-bookings";

type Params = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

/**
 * The bookings table's state lives in the URL (shareable, back-button safe). Server and client
 * parse it the same way, so the server's prefetch is exactly the query the client asks for.
 * Values are passed through as typed; the procedure's zod schema judges them.
 */
export function filtersFromParams(p: Params): SearchBookingsInput {
  const status = one(p.status);
  const q = one(p.q);
  return {
    q: q && searchable(q) ? q.trim() : undefined,
    status: status ? (status.split(",") as SearchBookingsInput["status"]) : undefined,
    category: one(p.category) as SearchBookingsInput["category"],
    provider: one(p.provider),
    sync: one(p.sync) as SearchBookingsInput["sync"],
    open: one(p.open) as SearchBookingsInput["open"],
    page: Math.max(1, Math.min(1000, Number(one(p.page) ?? 1) || 1)),
    pageSize: 25,
  };
}

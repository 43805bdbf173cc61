import Link from "next/link";

const byTime = { first: "Newest", up: "← Newer", down: "Older →" };
/** The words of a queue listed soonest due first (server/services/paging/keyset.ts, "soonest"). */
export const byDueDate = { first: "Soonest", up: "← Due earlier", down: "Due later →" };

/**
 * Links up and down a keyset-paged list (server/domain/page-cursor.ts): `newer` is the page back
 * up, `older` the page further down. `href` builds the URL for a cursor with the page's other
 * filters kept.
 */
export function Pager({
  newer,
  older,
  href,
  label = "Pages",
  words = byTime,
}: {
  newer: string | null;
  older: string | null;
  href: (page: { before?: string; after?: string }) => string;
  label?: string;
  words?: typeof byTime;
}) {
  if (!newer && !older) return null;
  const link = "rounded border border-slate-300 bg-white px-3 py-1 hover:bg-slate-50";
  const off = "rounded border border-slate-200 px-3 py-1 text-slate-300";
  return (
    <nav aria-label={label} className="mt-3 flex items-center justify-end gap-2 text-sm">
      {newer ? (
        <>
          <Link href={href({})} className={link}>
            {words.first}
          </Link>
          <Link href={href({ after: newer })} className={link} rel="prev">
            {words.up}
          </Link>
        </>
      ) : (
        <span className={off}>{words.up}</span>
      )}
      {older ? (
        <Link href={href({ before: older })} className={link} rel="next">
          {words.down}
        </Link>
      ) : (
        <span className={off}>{words.down}</span>
      )}
    </nav>
  );
}

/** `base?params` with empty values left out: the filter links and pager links of a list page. */
export function listHref(base: string, params: Record<string, string | undefined>): string {
  const q = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1]));
  return q.size ? `${base}?${q}` : base;
}

/** Under a work queue that shows only its top (server/services/paging/queue.ts): how many more wait, and how to reach them. */
export function QueueMore({ more, moreIsCapped, hint }: { more: number; moreIsCapped: boolean; hint: string }) {
  if (more === 0) return null;
  return (
    <p className="mt-2 text-sm text-slate-500">
      and {more.toLocaleString("en-US")}
      {moreIsCapped ? "+" : ""} more: {hint}
    </p>
  );
}

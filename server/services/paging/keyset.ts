import { asc, desc, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { PageCursor, PageRequest } from "@/server/domain/page-cursor";

/**
 * A keyset page on (time, id): the WHERE part, the ORDER BY, and `pageAt`, the time as
 * PostgreSQL's text to select beside the row's id for its cursor. `newest` lists newest first (a
 * log); `soonest` oldest first (a queue by due date). In list order `before` is the page further
 * down and `after` the page back up, so `keysetPage` and `<Pager>` work the same for both. An
 * ascending btree index on (filter columns…, time, id) serves every direction.
 */
export function keyset(req: PageRequest, at: AnyColumn, id: AnyColumn, order: "newest" | "soonest" = "newest") {
  const down = order === "newest" ? "<" : ">";
  const up = order === "newest" ? ">" : "<";
  const beyond = (c: PageCursor, op: string) =>
    sql`(${at}, ${id}) ${sql.raw(op)} (${c.at}::timestamptz, ${c.id}::uuid)`;
  const where: SQL | undefined = req.before ? beyond(req.before, down) : req.after ? beyond(req.after, up) : undefined;
  const listOrder = order === "newest" ? [desc(at), desc(id)] : [asc(at), asc(id)];
  const backwards = order === "newest" ? [asc(at), asc(id)] : [desc(at), desc(id)];
  return { where, orderBy: req.after ? backwards : listOrder, pageAt: sql<string>`${at}::text`, limit: req.limit + 1 };
}

import { z } from "zod";

// Keyset pages for the console's lists (docs/architecture.md, "Data access"): a page is "rows older
// (or newer) than this row", never an OFFSET, so page 500 costs what page 1 costs. A cursor is the
// boundary row's time and id, opaque to the client (base64url of "time|uuid"). The time is
// PostgreSQL's own text of the timestamp: a JavaScript Date would drop the microseconds, and rows
// within the same millisecond as the boundary would be skipped.

export type PageCursor = { at: string; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** timestamptz as PostgreSQL writes it: 2026-12-07 16:31:48.123456+00 */
const PG_TIME = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:\d{2})?|Z)$/;

export function encodeCursor(c: PageCursor): string {
  return Buffer.from(`${c.at}|${c.id}`).toString("base64url");
}

export function decodeCursor(text: string): PageCursor | null {
  const [at, id, ...rest] = Buffer.from(text, "base64url").toString("utf8").split("|");
  if (rest.length || !id || !UUID.test(id) || !PG_TIME.test(at ?? "")) return null;
  const year = Number(at.slice(0, 4));
  return year >= 1900 && year <= 2200 ? { at, id } : null;
}

/** Rows a console list shows per page: what a person reads at once, and what renders well under 100 ms. */
export const PAGE_SIZE = 25;

const cursor = z
  .string()
  .max(120)
  .transform(
    (s, ctx) => decodeCursor(s) ?? (ctx.addIssue({ code: "custom", message: "Not a page of this list" }), z.NEVER),
  );

/** The paging part of a list's input: at most one of `before` (older rows) and `after` (newer rows). */
export const pageInput = {
  before: cursor.optional(),
  after: cursor.optional(),
  limit: z.number().int().min(1).max(100).default(PAGE_SIZE),
};
export type PageRequest = { before?: PageCursor; after?: PageCursor; limit: number };

/** A page request from a service's filter, whose limit may be left out. */
export const pageRequest = (f: { before?: PageCursor; after?: PageCursor; limit?: number }): PageRequest => ({
  before: f.before,
  after: f.after,
  limit: f.limit ?? PAGE_SIZE,
});

export type KeysetPage<T> = { rows: T[]; newer: string | null; older: string | null };

/**
 * Cuts a fetched batch (up to `limit + 1` rows, in the order the query ran: newest first, or
 * oldest first when paging `after`) into the page and the cursors on either side of it.
 */
export function keysetPage<T>(fetched: T[], req: PageRequest, cursorOf: (row: T) => PageCursor): KeysetPage<T> {
  const more = fetched.length > req.limit;
  const rows = fetched.slice(0, req.limit);
  if (req.after) rows.reverse();
  const first = rows[0],
    last = rows.at(-1);
  const at = (r: T | undefined) => (r ? encodeCursor(cursorOf(r)) : null);
  if (req.after) return { rows, newer: more ? at(first) : null, older: at(last) };
  return { rows, newer: req.before ? at(first) : null, older: more ? at(last) : null };
}

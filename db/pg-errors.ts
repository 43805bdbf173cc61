// PostgreSQL's refusals as data: postgres.js raises PostgresError (code, constraint_name), which
// Drizzle may wrap in its own error with the original as `cause`.

export type PgRefusal = { code: string; constraint: string | null; detail: string | null };

/** The PostgreSQL error behind `e` (23505 unique, 23503 foreign key, 23514 check, …), else null. */
export function pgRefusalOf(e: unknown): PgRefusal | null {
  for (let cur: unknown = e, depth = 0; cur && typeof cur === "object" && depth < 4; depth++) {
    const c = cur as { code?: unknown; constraint_name?: unknown; detail?: unknown; cause?: unknown };
    if (typeof c.code === "string" && /^[0-9A-Z]{5}$/.test(c.code))
      return {
        code: c.code,
        constraint: typeof c.constraint_name === "string" ? c.constraint_name : null,
        detail: typeof c.detail === "string" ? c.detail : null,
      };
    cur = c.cause;
  }
  return null;
}

// Raw SQL at the edge (docs/architecture.md, "Data access"): status lists go in from their
// constants in server/domain, and rows come out with camelCase keys, so no snake_case column name
// travels past the function that ran the query.
import { type SQL, sql } from "drizzle-orm";

const enumValue = /^[a-z][a-z0-9_]*$/;

/**
 * `('a', 'b')`: a constant list of enum values as SQL literals, for `status in ${sqlList(…)}`.
 * Literals rather than parameters, so the planner proves a partial index's predicate (`status in
 * ('pending', 'failed')`) from the query in every plan, generic ones included. Only lower-case
 * words pass, so nothing but a constant can reach the SQL text.
 */
export function sqlList(values: readonly string[]): SQL {
  const bad = values.length === 0 ? "(empty)" : values.find((v) => !enumValue.test(v));
  if (bad !== undefined) throw new Error(`sqlList takes enum values, got ${bad}`);
  return sql.raw(`(${values.map((v) => `'${v}'`).join(", ")})`);
}

type Camel<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;
/** A row with its snake_case keys in camelCase. */
export type CamelRow<T> = { [K in keyof T as K extends string ? Camel<K> : K]: T[K] };

const camel = (key: string) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** The row with camelCase keys (values untouched: a nested jsonb object keeps its own keys). */
export function camelRow<T extends object>(row: T): CamelRow<T> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [camel(k), v])) as CamelRow<T>;
}

export const camelRows = <T extends object>(rows: Iterable<T>): CamelRow<T>[] => Array.from(rows, camelRow);

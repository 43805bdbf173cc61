// Raw SQL at the edge (docs/architecture.md, "Data access"): status lists go in from their
// constants in server/domain, and rows come out with camelCase keys, so no snake_case column name
// travels past the function that ran the query.
import { type Column, getTableColumns, getTableName, type SQL, sql } from "drizzle-orm";
import { toSnakeCase } from "drizzle-orm/casing";
import type { PgTable } from "drizzle-orm/pg-core";

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

/** The column's SQL name under the client's `casing: "snake_case"` (db/client.ts). */
const columnName = (c: Column) => (c.keyAsName ? toSnakeCase(c.name) : c.name);

/**
 * `insert into <table> (…) select … from jsonb_populate_recordset(null::<table>, $1)`: many rows in
 * one statement with one parameter. PostgreSQL types each value from the table's own row type, so
 * no per-value query building happens in Node (the intake's hot path: Drizzle's builder measured a
 * quarter of its CPU). Keys are the table's TypeScript names; a column is written when the rows set
 * it; a row may leave out only a column whose default is NULL (nullable, no default), because a
 * left-out value is NULL here, not the column's default. Dates go as ISO text, jsonb as JSON,
 * arrays as JSON arrays.
 */
export function insertJsonRows<T extends PgTable>(table: T, rows: readonly T["$inferInsert"][]): SQL {
  const columns = getTableColumns(table) as Record<string, Column>;
  const set = (row: object) => Object.keys(row).filter((k) => k in columns && row[k as never] !== undefined);
  const keys = [...new Set(rows.flatMap(set))];
  for (const row of rows) {
    const missing = keys.find((k) => row[k as never] === undefined && (columns[k].hasDefault || columns[k].notNull));
    if (missing)
      throw new Error(`insertJsonRows(${getTableName(table)}): a row leaves out ${missing}, which has a default`);
  }
  const named = keys.map((k) => columnName(columns[k]));
  const names = sql.raw(named.map((n) => `"${n}"`).join(", "));
  const values = rows.map((row) => Object.fromEntries(keys.map((k, i) => [named[i], row[k as never]])));
  return sql`insert into ${table} (${names}) select ${names} from jsonb_populate_recordset(null::${table}, ${JSON.stringify(values)}::jsonb)`;
}

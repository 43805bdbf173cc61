// /ops dashboard: the server-side work of its endpoint (the ops.dashboard.overview tRPC procedure:
// metrics + critical items) beside the very same SQL statements run directly, on whatever
// database DATABASE_URL points at (seed it first: `npm run db:seed -- --reset --bookings 1000000`).
//   npx tsx bench/dashboard.ts [--runs 200]
import type { SQL } from "drizzle-orm";
import { createDb, databaseUrl } from "@/db/client";
import { compactRollups } from "@/server/services/metrics/compact-rollups";
import { criticalQueries, metricsQueries } from "@/server/services/metrics/queries";
import { createCaller } from "@/server/trpc/root";
import { arg } from "./scratch";

const runs = arg("runs", 200);
const db = createDb(databaseUrl(), { max: 12 });
const [{ n }] = await db.$sql<{ n: number }[]>`select count(*)::int as n from bookings`;
await compactRollups(db); // as the endpoint leaves it: reads start from a compacted rollup
const api = createCaller({
  db,
  session: {
    user: { id: "00000000-0000-4000-8000-000000000001", email: "founder@example.com", role: "ops" },
    expires: new Date(Date.now() + 3600_000).toISOString(),
  },
});

const dialect = (db as unknown as { dialect: { sqlToQuery(s: SQL): { sql: string; params: unknown[] } } }).dialect;
/** The endpoint's statements, compiled exactly as the service sends them. */
const direct = () => {
  const now = new Date();
  const statements = [...Object.values(metricsQueries(now)), ...Object.values(criticalQueries(now))].map((s) =>
    dialect.sqlToQuery(s),
  );
  return Promise.all(statements.map((s) => db.$sql.unsafe(s.sql, s.params as never[])));
};
const endpoint = () => api.ops.dashboard.overview();

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const time = async (f: () => Promise<unknown>) => {
  const t = performance.now();
  await f();
  return performance.now() - t;
};

for (let i = 0; i < 10; i++) {
  await endpoint();
  await direct();
} // warm caches and prepared plans
const e: number[] = [],
  d: number[] = [];
for (let i = 0; i < runs; i++) {
  e.push(await time(endpoint));
  d.push(await time(direct));
} // interleaved: same conditions
const [rollupRows] = await db.$sql<{ n: number }[]>`select count(*)::int as n from booking_rollup`;
console.log(
  `bookings: ${n.toLocaleString("en-US")}, rollup rows: ${rollupRows.n.toLocaleString("en-US")}, runs: ${runs}`,
);
console.log(`dashboard endpoint (tRPC caller)  p50 ${pct(e, 50).toFixed(1)} ms  p95 ${pct(e, 95).toFixed(1)} ms`);
console.log(`same SQL directly (11 statements) p50 ${pct(d, 50).toFixed(1)} ms  p95 ${pct(d, 95).toFixed(1)} ms`);
const ratio = pct(e, 95) / pct(d, 95),
  over = pct(e, 95) - pct(d, 95);
console.log(
  `p95 ratio ${ratio.toFixed(2)}×, ${over.toFixed(1)} ms over (target: p95 < 100 ms and ≤ 1.5× or ≤ 20 ms over)`,
);
await db.$sql.end();

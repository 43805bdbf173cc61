// /ops/bookings search latency through the service, beside the same SQL run directly.
//   npx tsx bench/bookings-search.ts [--runs 50]
// Uses DATABASE_URL or the embedded database; seed it first with the size you want to measure.
import { createDb, databaseUrl } from "@/db/client";
import {
  searchBookings,
  searchBookingsInput,
  searchQueries,
  type SearchBookingsInput,
} from "@/server/services/bookings/search-bookings";

const runs = Number(process.argv[process.argv.indexOf("--runs") + 1] || 50);
const db = createDb(databaseUrl(), { max: 4 });
const [{ n }] = await db.$sql<{ n: number }[]>`select count(*)::int as n from bookings`;
const [sample] = await db.$sql<{ reference: string; last_name: string; email: string; provider: string }[]>`
  select b.booking_reference as reference, b.lead_last_name as last_name, b.contact_email as email, i.provider_code as provider
  from bookings b join booking_items i on i.booking_id = b.id order by b.created_at desc offset 5000 limit 1`;

const cases: [string, SearchBookingsInput][] = [
  ["first page, no filter", {}],
  ["reference", { q: sample.reference }],
  ["last name", { q: sample.last_name }],
  ["e-mail fragment", { q: sample.email.split("@")[0].slice(0, 6) }],
  ["status filter", { status: ["cancelled", "partially_cancelled"] }],
  ["category + provider", { category: "hotel", provider: sample.provider }],
  ["page 40", { page: 40 }],
];

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const time = async (f: () => Promise<unknown>) => {
  const t = performance.now();
  await f();
  return performance.now() - t;
};

console.log(`bookings: ${n.toLocaleString("en-US")}, runs per case: ${runs}`);
console.log("case                     service p50/p95 ms   direct SQL p50/p95 ms");
const all: number[] = [],
  allDirect: number[] = [];
for (const [name, input] of cases) {
  const parsed = searchBookingsInput.parse(input);
  const q = searchQueries(db, parsed);
  const [page, count] = [q.page.toSQL(), q.count.toSQL()];
  const direct = () =>
    Promise.all([db.$sql.unsafe(page.sql, page.params as never[]), db.$sql.unsafe(count.sql, count.params as never[])]);
  await searchBookings(db, input);
  await direct(); // warm
  const s: number[] = [],
    d: number[] = [];
  for (let i = 0; i < runs; i++) {
    s.push(await time(() => searchBookings(db, input)));
    d.push(await time(direct));
  }
  all.push(...s);
  allDirect.push(...d);
  console.log(
    `${name.padEnd(24)} ${pct(s, 50).toFixed(1).padStart(7)} / ${pct(s, 95).toFixed(1).padStart(6)}      ${pct(d, 50).toFixed(1).padStart(7)} / ${pct(d, 95).toFixed(1).padStart(6)}`,
  );
}
console.log(
  `${"all cases".padEnd(24)} ${pct(all, 50).toFixed(1).padStart(7)} / ${pct(all, 95).toFixed(1).padStart(6)}      ${pct(allDirect, 50).toFixed(1).padStart(7)} / ${pct(allDirect, 95).toFixed(1).padStart(6)}`,
);
await db.$sql.end();

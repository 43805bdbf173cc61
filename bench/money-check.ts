// The daily money check (server/services/money-check) on whatever database DATABASE_URL points at:
// every registered line per currency, ours recounted from payment and refund rows against the
// gateway's records, and the time it took. Target: < 60 s at 1,000,000 bookings.
// Seed first: `npm run db:seed -- --reset --bookings 1000000`.
//   npx tsx bench/money-check.ts [--runs 3]
import { createDb, databaseUrl } from "@/db/client";
import { formatMoney } from "@/server/domain/money";
import { runMoneyCheck } from "@/server/services/money-check/run-money-check";
import { arg } from "./scratch";

const runs = arg("runs", 3);
const db = createDb(databaseUrl(), { max: 4 });
try {
  const [{ bookings, payments, refunds }] = await db.$sql<{ bookings: number; payments: number; refunds: number }[]>`
    select (select count(*)::int from bookings) as bookings, (select count(*)::int from payment_transactions) as payments,
           (select count(*)::int from refunds) as refunds`;
  console.log(
    `bookings ${bookings.toLocaleString("en-US")}, payments ${payments.toLocaleString("en-US")}, refunds ${refunds.toLocaleString("en-US")}`,
  );
  const times: number[] = [];
  let last: Awaited<ReturnType<typeof runMoneyCheck>> | null = null;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    last = await runMoneyCheck(db, { triggeredBy: "bench" });
    times.push(performance.now() - t);
  }
  for (const l of last!.lines)
    console.log(
      `${l.label.padEnd(28)} ${l.currency}  ours ${formatMoney(l.oursMinor, l.currency).padStart(20)}  gateway ${formatMoney(l.gatewayMinor, l.currency).padStart(20)}  diff ${formatMoney(l.differenceMinor, l.currency)}`,
    );
  console.log(`result: ${last!.status} (${last!.differenceCount} differing records), gateway ${last!.gateway}`);
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(
    `money check: ${times.map(s).join(", ")} (best ${s(Math.min(...times))}; target < 60 s at 1,000,000 bookings)`,
  );
} finally {
  await db.$sql.end();
}

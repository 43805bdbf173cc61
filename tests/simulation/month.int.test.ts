import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { seedDemo } from "@/db/seed";
import { createTestDb } from "@/tests/db";
import { checkInvariants } from "./invariants";
import { runMonth } from "./month";
import { monthDefaults } from "./rates";
import { envNumber } from "./world";

// "A month of 10,000 bookings" at the default rates (rates.ts): SIM_MONTH=1 runs it (not in CI);
// CI runs the same code path on a small population. SIM_BOOKINGS sets the population, SIM_SEED the
// seed. The demo has about one live upcoming booking in five, so it is seeded five times larger
// and the month's population is its live bookings.
const full = process.env.SIM_MONTH === "1";
const population = envNumber("SIM_BOOKINGS", full ? monthDefaults.bookings : monthDefaults.ciBookings);
const seed = envNumber("SIM_SEED", monthDefaults.seed);
const db = await createTestDb();

it(`a simulated month of ${population.toLocaleString("en-US")} live bookings at the default rates (SIM_SEED=${seed}) keeps every invariant and reports the share that needed a human`, async () => {
  const seeded = Math.ceil(population * 5);
  await seedDemo(db, { bookings: seeded, seed: seed % 1_000_000 });
  await db.execute(
    sql`update sandbox_provider_settings set latency_ms = 0, jitter_ms = 0, error_rate_bps = 0, events_per_hour = 0, outage = false, reject_cancellations = false`,
  );
  expect(await checkInvariants(db)).toEqual([]);
  const r = await runMonth(db, {
    seed,
    population,
    seeded,
    days: monthDefaults.days,
    log: full ? (s) => console.log(s) : undefined,
  });
  console.log(
    [
      `Simulated month (SIM_SEED=${seed}): ${r.population.toLocaleString("en-US")} live bookings (${r.seeded.toLocaleString("en-US")} seeded), ${r.days} days, ${Math.round(r.ms / 1000)} s`,
      `events: ${JSON.stringify(r.events)}`,
      `bookings that needed a human: ${r.needingHuman} = ${(r.share * 100).toFixed(2)}%`,
      `by reason (bookings): ${JSON.stringify(r.byReason)}`,
      `outcomes: ${JSON.stringify(r.stats)}`,
    ].join("\n"),
  );
  expect(r.population).toBeGreaterThan(population * 0.9);
  expect(r.needingHuman).toBeGreaterThan(0);
  expect(r.share).toBeLessThan(1);
}, 7_200_000);

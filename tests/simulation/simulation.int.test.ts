import { sql } from "drizzle-orm";
import { expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { seedDemo } from "@/db/seed";
import { createTestDb } from "@/tests/db";
import { checkInvariants, touchedSince, writeMark } from "./invariants";
import { simulationDefaults, stepWeights, type StepKind } from "./rates";
import { envNumber, Rng, World } from "./world";

// The randomised simulation (issue 15): interleaved traveler actions, provider webhooks, gateway
// outcomes and scheduled work over a seeded demo, every invariant checked after every step.
// SIM_SEED, SIM_STEPS and SIM_BOOKINGS override the defaults in rates.ts; a failure prints the
// seed and the step, and the same seed replays the same steps.
const seed = envNumber("SIM_SEED", simulationDefaults.seed);
const steps = envNumber("SIM_STEPS", simulationDefaults.steps);
const bookings = envNumber("SIM_BOOKINGS", simulationDefaults.bookings);

async function simulate(db: Db, o: { seed: number; steps: number; bookings: number }, WorldOf: typeof World = World) {
  await seedDemo(db, { bookings: o.bookings, seed: o.seed % 1_000_000 });
  await db.execute(
    sql`update sandbox_provider_settings set latency_ms = 0, jitter_ms = 0, error_rate_bps = 0, events_per_hour = 0, outage = false, reject_cancellations = false`,
  );
  expect(await checkInvariants(db)).toEqual([]); // the seeded operation starts consistent

  const rng = new Rng(o.seed);
  const world = new WorldOf(db, rng, {
    finalAttempt: 0.35,
    bounce: 0.05,
    failFirstRefund: 0.05,
    batch: 25,
    mailBatch: 8,
  });
  const kinds = Object.entries(stepWeights) as [StepKind, number][];
  const log: string[] = [];
  const ms = { steps: 0, checks: 0, byKind: {} as Record<string, number> };
  const where = `SIM_SEED=${o.seed} SIM_BOOKINGS=${o.bookings}`;
  for (let n = 1; n <= o.steps; n++) {
    const kind = rng.weighted(kinds);
    const mark = await writeMark(db);
    let did: string;
    const t0 = performance.now();
    try {
      did = await world.run(kind);
    } catch (e) {
      throw new Error(
        `Simulation failed: ${where}, step ${n} (${kind}) threw: ${describe(e)}\nLast steps:\n${log.slice(-15).join("\n")}`,
      );
    }
    log.push(`${n} ${kind}: ${did}`);
    await world.holdTime();
    const t1 = performance.now();
    ms.steps += t1 - t0;
    ms.byKind[kind] = (ms.byKind[kind] ?? 0) + Math.round(t1 - t0);
    // The touched bookings' histories every step; everyone's every 100 steps and at the end.
    const full = n % 100 === 0 || n === o.steps;
    const broken = await checkInvariants(db, { bookingIds: full ? null : await touchedSince(db, mark) });
    ms.checks += performance.now() - t1;
    if (broken.length) {
      throw new Error(
        `Simulation failed: ${where}, invariant broken after step ${n} (${kind}: ${did}):\n  ${broken.slice(0, 20).join("\n  ")}\nLast steps:\n${log.slice(-15).join("\n")}`,
      );
    }
  }
  for (const p of [...world.down].sort()) await world.outage(p, false);
  return { log, stats: world.stats, ms };
}

it(`${steps} random steps over ${bookings} bookings (SIM_SEED=${seed}) keep every invariant`, async () => {
  const { stats, ms } = await simulate(await createTestDb(), { seed, steps, bookings });
  console.log(
    `simulation SIM_SEED=${seed}: ${steps} steps over ${bookings} bookings (steps ${Math.round(ms.steps / 1000)} s, invariant checks ${Math.round(ms.checks / 1000)} s)\nms by step kind: ${JSON.stringify(ms.byKind)}\n${JSON.stringify(stats, null, 1)}`,
  );
  // The run did reach the paths it is meant to exercise.
  expect(stats["cancellations confirmed"] ?? 0).toBeGreaterThan(0);
  expect(stats["payout succeeded"] ?? 0).toBeGreaterThan(0);
}, 600_000);

it("a seed replays the same story: two runs of one seed take the same steps with the same outcomes", async () => {
  const o = { seed: seed + 1, steps: 80, bookings: 120 };
  // Each run with its own module instances: provider adapters are kept per process and bound to the database they first saw.
  const fresh = async () => {
    vi.resetModules();
    return (await import("./world")).World;
  };
  const a = await simulate(await createTestDb(), o, await fresh());
  const b = await simulate(await createTestDb(), o, await fresh());
  // Ids the database draws (cancellations, refunds, gateway objects) differ; everything else must not.
  const mask = (l: string) =>
    l.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\b(dp|pi|re|ch)_local_[0-9a-f]+/g, "<id>");
  const first = a.log.findIndex((l, k) => mask(l) !== mask(b.log[k] ?? ""));
  expect(
    first === -1
      ? []
      : [a.log.slice(Math.max(0, first - 3), first + 1), b.log.slice(Math.max(0, first - 3), first + 1)],
  ).toEqual([]);
  expect(b.stats).toEqual(a.stats);
}, 600_000);

/** The error with its causes (drizzle wraps the database's message in `cause`). */
function describe(e: unknown): string {
  const parts: string[] = [];
  for (let x: unknown = e; x; x = (x as { cause?: unknown }).cause)
    parts.push(x instanceof Error ? (x.stack ?? x.message) : String(x));
  return parts.join("\ncaused by: ");
}

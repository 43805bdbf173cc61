// Runs per second of a 3-step function on the local Inngest-compatible server (server/jobs), driven
// end to end: inngest.send → queue → signed calls to a real `serve` endpoint → steps memoised in
// PostgreSQL. Beside it, the same three steps called in-process (the floor no server can beat).
//   npx tsx bench/jobs-throughput.ts [--runs 500] [--workers 8]
// Uses DATABASE_URL (an admin URL: a scratch database is created and dropped) or the embedded one.
import { createDb } from "@/db/client";
import { startHarness, waitFor } from "@/tests/job-harness";
import { arg, withScratchDb } from "./scratch";

const runs = arg("runs", 500),
  workers = arg("workers", 8);

await withScratchDb("jobs", async (url) => {
  const db = createDb(url, { max: 20 });
  try {
    const h = await startHarness(db, { workers, pollMs: 50 });
    let stepsRun = 0;
    const steps = [async (x: number) => x + 1, async (x: number) => x * 2, async (x: number) => x - 1];
    const fn = h.inngest.createFunction(
      { id: "bench-three", triggers: [{ event: "bench/go" }] },
      async ({ step, event }) => {
        const a = await step.run("one", () => {
          stepsRun++;
          return steps[0]((event.data as { i: number }).i);
        });
        const b = await step.run("two", () => {
          stepsRun++;
          return steps[1](a);
        });
        return step.run("three", () => {
          stepsRun++;
          return steps[2](b);
        });
      },
    );
    await h.serveFunctions([fn]);

    // Warm up (JIT, connections), then measure.
    await h.inngest.send({ name: "bench/go", data: { i: -1 } });
    const completed = async () =>
      (await db.$sql<{ n: number }[]>`select count(*)::int as n from job_runs where status = 'completed'`)[0].n;
    await waitFor(async () => (await completed()) === 1, 30_000, "warm-up");

    const t0 = performance.now();
    for (let i = 0; i < runs; i += 100) {
      await h.inngest.send(
        Array.from({ length: Math.min(100, runs - i) }, (_, j) => ({ name: "bench/go", data: { i: i + j } })),
      );
    }
    await waitFor(async () => (await completed()) === runs + 1, 600_000, "all runs");
    const secs = (performance.now() - t0) / 1000;
    const [{ failed }] = await db.$sql<
      { failed: number }[]
    >`select count(*)::int as failed from job_runs where status <> 'completed'`;
    await h.close();

    const r0 = performance.now();
    for (let i = 0; i < runs; i++) await steps[2](await steps[1](await steps[0](i)));
    const refSecs = (performance.now() - r0) / 1000;

    console.log(`local Inngest server: ${runs} runs of a 3-step function (4 calls each), ${workers} workers`);
    console.log(
      `  ${(runs / secs).toFixed(0)} runs/s  (${((runs * 4) / secs).toFixed(0)} calls/s, ${secs.toFixed(2)} s, ${stepsRun - 3} steps run, ${failed} not completed)`,
    );
    console.log(`reference, the same 3 steps called in-process: ${(runs / refSecs).toFixed(0)} runs/s`);
  } finally {
    await db.$sql.end({ timeout: 5 });
  }
});

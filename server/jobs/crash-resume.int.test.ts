import { afterAll, expect, test } from "vitest";
import { createTestDb } from "@/tests/db";
import { getJobRun } from "./console";
import { startHarness, waitFor } from "@/tests/job-harness";

const db = await createTestDb();
// A short lease so the second server takes over quickly once the first stops heartbeating.
const h = await startHarness(db, { leaseMs: 300 });
afterAll(async () => {
  await h.close();
});

test("a run whose server dies during step 3 resumes at step 3 on a new server, steps 1-2 not re-run", async () => {
  const counts = { one: 0, two: 0, three: 0 };
  let openGate!: () => void;
  const gate = new Promise<void>((r) => {
    openGate = r;
  });
  await h.serveFunctions([
    h.inngest.createFunction({ id: "long", triggers: [{ event: "test/long" }] }, async ({ step }) => {
      await step.run("one", () => ++counts.one);
      await step.run("two", () => ++counts.two);
      // The first attempt blocks until the first server is gone; a repeat (after the crash) does not.
      await step.run("three", async () => {
        if (++counts.three === 1) await gate;
        return "done";
      });
      return "finished";
    }),
  ]);
  await h.inngest.send({ name: "test/long", data: {} });
  await waitFor(() => counts.three === 1, 15_000, "step three to start");
  const first = h.server.workerId;
  await h.server.stop({ abandon: true }); // like a killed process: the claim is left behind
  openGate();

  const second = await h.restartServer();
  expect(second.workerId).not.toBe(first);
  const run = await waitFor(
    async () => {
      const [r] = await db.$sql<
        { id: string; status: string; output: unknown }[]
      >`select id, status, output from job_runs`;
      return r?.status === "completed" ? r : null;
    },
    20_000,
    "the run to complete on the second server",
  );
  expect(run.output).toBe("finished");
  expect(counts).toEqual({ one: 1, two: 1, three: 2 }); // step three was killed mid-way, so it ran again
  const detail = await getJobRun(db, run.id);
  expect(detail?.steps.map((s) => [s.name, s.attempts])).toEqual([
    ["one", 1],
    ["two", 1],
    ["three", 1],
  ]);
});

import { afterAll, beforeAll, expect, test } from "vitest";
import { createTestDb } from "@/tests/db";
import { startHarness, waitFor, type Harness } from "./test-harness";

const db = await createTestDb();
let h: Harness;
beforeAll(async () => { h = await startHarness(db); });
afterAll(async () => { await h?.close(); });

test("a three-step function runs to completion through the SDK", async () => {
  const counts = { a: 0, b: 0, c: 0 };
  const fn = h.inngest.createFunction({ id: "three", triggers: [{ event: "test/three" }] }, async ({ step, event }) => {
    const a = await step.run("a", () => { counts.a++; return 1; });
    const b = await step.run("b", () => { counts.b++; return a + 1; });
    const c = await step.run("c", () => { counts.c++; return b + (event.data as { n: number }).n; });
    return { c };
  });
  await h.serveFunctions([fn]);
  const { ids } = await h.inngest.send({ name: "test/three", data: { n: 10 } });
  expect(ids).toHaveLength(1);
  const run = await waitFor(async () => {
    const [r] = await db.$sql<{ status: string; output: unknown; error: unknown }[]>`select status, output, error from job_runs`;
    return r && ["completed", "failed"].includes(r.status) ? r : null;
  });
  expect(run).toMatchObject({ status: "completed", output: { c: 12 } });
  expect(counts).toEqual({ a: 1, b: 1, c: 1 });
});

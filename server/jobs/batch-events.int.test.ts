import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestDb } from "@/tests/db";
import { startHarness, waitFor, type Harness } from "@/tests/job-harness";

const db = await createTestDb();
let h: Harness;
const received: number[][] = [];

beforeAll(async () => {
  h = await startHarness(db);
  await h.serveFunctions([
    h.inngest.createFunction(
      { id: "batched", triggers: [{ event: "test/batch" }], batchEvents: { maxSize: 10, timeout: "1s" } },
      async ({ events, step }) => {
        const ns = events.map((e: { data: unknown }) => (e.data as { n: number }).n);
        await step.run("take", () => {
          received.push(ns);
          return ns.length;
        });
        return { n: ns.length };
      },
    ),
  ]);
});
afterAll(async () => {
  await h.close();
});

describe("batchEvents on the local server", () => {
  test("25 events make full batches of 10 at once and the rest after the timeout, each event once", async () => {
    await h.inngest.send(Array.from({ length: 25 }, (_, n) => ({ name: "test/batch", data: { n } })));
    const runs = await waitFor(
      async () => {
        const rows = await db.$sql<
          { status: string; size: number }[]
        >`select status, jsonb_array_length(batch) as size from job_runs where function_id = 'test-app-batched' order by created_at`;
        return rows.length === 3 && rows.every((r) => r.status === "completed") ? rows : null;
      },
      20_000,
      "three completed batch runs",
    );
    // One send of 25: the two full batches are due at once, the rest after the timeout (runs made in one ingest share a creation time).
    expect(runs.map((r) => r.size).sort((a, b) => b - a)).toEqual([10, 10, 5]);
    expect(received.flat().sort((a, b) => a - b)).toEqual([...Array(25).keys()]);
  });
});

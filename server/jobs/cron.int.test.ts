import { afterAll, expect, test } from "vitest";
import { createTestDb } from "@/tests/db";
import { cancelRun, getJobRun, listJobFunctions, replayRun, runCronNow } from "./console";
import { startLocalInngest } from "./local-server";
import { startHarness, waitFor } from "@/tests/job-harness";

const db = await createTestDb();
let offset = 0;
const now = () => new Date(Date.now() + offset);
const h = await startHarness(db, { now });
afterAll(async () => {
  await h.close();
});

let fired = 0;
let failNext = true;
await h.serveFunctions([
  h.inngest.createFunction({ id: "hourly", triggers: [{ cron: "0 * * * *" }] }, async ({ step, event }) => {
    await step.run("tick", () => {
      fired++;
      return event.name;
    });
  }),
  h.inngest.createFunction({ id: "fragile", retries: 0, triggers: [{ event: "test/fragile" }] }, async ({ step }) => {
    await step.run("maybe", () => {
      if (failNext) {
        failNext = false;
        throw new Error("first time fails");
      }
      return "ok";
    });
  }),
  h.inngest.createFunction({ id: "slow", triggers: [{ event: "test/slow" }] }, async ({ step }) => {
    await step.sleep("wait", "1d");
  }),
]);
const runs = (fn: string) => db.$sql<{ id: string; status: string; cron_at: string | null }[]>`
  select id, status, cron_at from job_runs where function_id = ${`test-app-${fn}`} order by created_at`;

test("a cron function fires on schedule under a fake clock, once per fire, with one leader among two servers", async () => {
  const other = await startLocalInngest({
    db,
    appUrl: h.appUrl,
    signingKey: h.signingKey,
    eventKey: h.eventKey,
    now,
    pollMs: 20,
  });
  try {
    await waitFor(() => h.server.isLeader() || other.isLeader(), 10_000, "a leader");
    expect([h.server.isLeader(), other.isLeader()].filter(Boolean)).toHaveLength(1);
    const [fn] = (await listJobFunctions(db)).filter((f) => f.id === "test-app-hourly");
    expect(fn.cron).toBe("0 * * * *");
    const next = fn.nextCronAt!;
    expect(next.getUTCMinutes()).toBe(0);
    await new Promise((r) => setTimeout(r, 200));
    expect(await runs("hourly")).toHaveLength(0); // not due yet

    offset += next.getTime() - now().getTime() + 1000; // just past the hour
    await waitFor(async () => (await runs("hourly")).some((r) => r.status === "completed"), 15_000, "first fire");
    offset += 3600_000;
    await waitFor(
      async () => (await runs("hourly")).filter((r) => r.status === "completed").length === 2,
      15_000,
      "second fire",
    );
    await new Promise((r) => setTimeout(r, 200));
    const all = await runs("hourly");
    expect(all).toHaveLength(2);
    expect(new Date(all[1].cron_at!).getTime() - new Date(all[0].cron_at!).getTime()).toBe(3600_000);
    expect(fired).toBe(2);
  } finally {
    await other.stop();
  }
});

test("run now, replay of a failed run, and cancel from the console", async () => {
  const id = await runCronNow(db, "test-app-hourly");
  await waitFor(async () => (await getJobRun(db, id))?.status === "completed", 15_000, "run now");

  await h.inngest.send({ name: "test/fragile", data: { x: 1 } });
  const [failed] = await waitFor(
    async () => {
      const r = await runs("fragile");
      return r[0]?.status === "failed" ? r : null;
    },
    15_000,
    "failed run",
  );
  const replay = await replayRun(db, failed.id);
  const detail = await waitFor(
    async () => {
      const d = await getJobRun(db, replay);
      return d?.status === "completed" ? d : null;
    },
    15_000,
    "replay",
  );
  expect(detail).toMatchObject({ replayOf: failed.id, event: { name: "test/fragile", data: { x: 1 } } });

  await h.inngest.send({ name: "test/slow", data: {} });
  const [slow] = await waitFor(
    async () => {
      const r = await runs("slow");
      return r[0]?.status === "sleeping" ? r : null;
    },
    15_000,
    "sleeping run",
  );
  expect(await cancelRun(db, slow.id)).toBe(true);
  expect((await getJobRun(db, slow.id))?.status).toBe("cancelled");
  expect(await cancelRun(db, slow.id)).toBe(false);
});

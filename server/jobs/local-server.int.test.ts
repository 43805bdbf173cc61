import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { NonRetriableError } from "inngest";
import { createTestDb } from "@/tests/db";
import { getJobRun, listJobFunctions, listJobRuns } from "./console";
import { signBody } from "./signing";
import { startHarness, waitFor, type Harness } from "@/tests/job-harness";

const db = await createTestDb();
let offset = 0; // the fake clock: real time plus what the tests skip ahead
const now = () => new Date(Date.now() + offset);
let h: Harness;

type Row = { id: string; status: string; output: unknown; error: { message?: string } | null; function_id: string };
const runsOf = (fnId: string) =>
  db.$sql<
    Row[]
  >`select id, status, output, error, function_id from job_runs where function_id = ${`test-app-${fnId}`} order by created_at`;
const settled = (fnId: string, n = 1) =>
  waitFor(
    async () => {
      const rows = await runsOf(fnId);
      return rows.length >= n && rows.every((r) => ["completed", "failed", "cancelled"].includes(r.status))
        ? rows
        : null;
    },
    20_000,
    `${n} settled run(s) of ${fnId}`,
  );

const counts: Record<string, number> = {};
const bump = (k: string) => (counts[k] = (counts[k] ?? 0) + 1);

beforeAll(async () => {
  h = await startHarness(db, { now });
  const { inngest } = h;
  const active = new Map<string, number>();
  let maxActive: Record<string, number> = {};
  (globalThis as { __maxActive?: Record<string, number> }).__maxActive = maxActive;
  await h.serveFunctions([
    inngest.createFunction({ id: "three-steps", triggers: [{ event: "test/three" }] }, async ({ step, event }) => {
      const a = await step.run("first", () => {
        bump("three.first");
        return 1;
      });
      const b = await step.run("second", () => {
        bump("three.second");
        return a + 1;
      });
      const c = await step.run("third", () => {
        bump("three.third");
        return b + (event.data as { n: number }).n;
      });
      return { c };
    }),
    inngest.createFunction({ id: "flaky", retries: 4, triggers: [{ event: "test/flaky" }] }, async ({ step }) => {
      return step.run("sometimes", () => {
        if (bump("flaky") < 3) throw new Error(`boom ${counts.flaky}`);
        return "ok";
      });
    }),
    inngest.createFunction(
      {
        id: "fatal",
        retries: 5,
        triggers: [{ event: "test/fatal" }],
        onFailure: async ({ error, event }: { error: Error; event: { data: { event: { name: string } } } }) => {
          bump("fatal.onFailure");
          counts.failureMessage = error.message.length;
          (globalThis as { __failed?: unknown }).__failed = { message: error.message, original: event.data.event.name };
        },
      },
      async ({ step }) => {
        await step.run("explode", () => {
          bump("fatal");
          throw new NonRetriableError("no point retrying");
        });
      },
    ),
    inngest.createFunction({ id: "parallel", triggers: [{ event: "test/parallel" }] }, async ({ step }) => {
      const [x, y] = await Promise.all([
        step.run("left", () => {
          bump("parallel.left");
          return 2;
        }),
        step.run("right", () => {
          bump("parallel.right");
          return 3;
        }),
      ]);
      return step.run("join", () => {
        bump("parallel.join");
        return x * y;
      });
    }),
    inngest.createFunction(
      {
        id: "sleeper",
        triggers: [{ event: "test/sleep" }],
        cancelOn: [{ event: "test/cancel", match: "data.bookingId" }],
      },
      async ({ step }) => {
        await step.run("before", () => bump("sleeper.before"));
        await step.sleep("nap", "1h");
        await step.run("after", () => bump("sleeper.after"));
        return "woke";
      },
    ),
    inngest.createFunction(
      { id: "once-per-booking", idempotency: "event.data.bookingId", triggers: [{ event: "test/idem" }] },
      async ({ step }) => {
        await step.run("work", () => bump("idem"));
      },
    ),
    inngest.createFunction(
      { id: "serial", concurrency: { limit: 1, key: "event.data.bookingId" }, triggers: [{ event: "test/serial" }] },
      async ({ step, event }) => {
        const key = String((event.data as { bookingId: string }).bookingId);
        for (const s of ["one", "two"]) {
          await step.run(s, async () => {
            const n = (active.get(key) ?? 0) + 1;
            active.set(key, n);
            maxActive[key] = Math.max(maxActive[key] ?? 0, n);
            await new Promise((r) => setTimeout(r, 30));
            active.set(key, (active.get(key) ?? 1) - 1);
          });
        }
      },
    ),
    inngest.createFunction({ id: "sender", triggers: [{ event: "test/send" }] }, async ({ step }) => {
      await step.sendEvent("emit", { name: "test/received", data: { from: "sender" } });
    }),
    inngest.createFunction({ id: "receiver", triggers: [{ event: "test/received" }] }, async ({ event }) => {
      bump("receiver");
      return event.data;
    }),
    inngest.createFunction({ id: "waiter", triggers: [{ event: "test/wait" }] }, async ({ step }) => {
      const got = await step.waitForEvent("approval", {
        event: "test/approved",
        match: "data.bookingId",
        timeout: "1d",
      });
      return got?.data ?? null;
    }),
  ]);
  maxActive = (globalThis as { __maxActive?: Record<string, number> }).__maxActive!;
});
afterAll(async () => {
  await h?.close();
});

describe("sync and events go through the SDK", () => {
  test("the sync registered every function with its triggers", async () => {
    const fns = await listJobFunctions(db);
    expect(fns.map((f) => f.id)).toContain("test-app-three-steps");
    expect(fns.find((f) => f.id === "test-app-fatal-failure")?.triggers).toEqual([
      { event: "inngest/function.failed", expression: "event.data.function_id == 'test-app-fatal'" },
    ]);
    expect(fns.find((f) => f.id === "test-app-serial")?.concurrency).toEqual({ limit: 1, key: "event.data.bookingId" });
  });

  test("a sync without the signing key's bearer is refused", async () => {
    const res = await fetch(`${h.server.url}/fn/register`, {
      method: "POST",
      headers: { Authorization: "Bearer signkey-prod-00" },
      body: "{}",
    });
    expect(res.status).toBe(401);
  });

  test("an unknown event key is refused, and inngest.send reports it", async () => {
    const res = await fetch(`${h.server.url}/e/not-the-key`, {
      method: "POST",
      body: JSON.stringify({ name: "test/three", data: {} }),
    });
    expect(res.status).toBe(401);
  });

  test("the app refuses unsigned or wrongly signed calls; a signed one runs", async () => {
    const body = {
      version: 2,
      event: { name: "test/three", data: { n: 1 } },
      events: [],
      steps: {},
      ctx: { run_id: "r1", attempt: 0, use_api: false, stack: { stack: [], current: 0 } },
    };
    const url = `${h.appUrl}/api/inngest?fnId=test-app-three-steps&stepId=step`;
    const post = (headers: Record<string, string>) =>
      fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...headers },
        body: JSON.stringify(body),
      });
    expect((await post({})).status).toBe(401);
    expect((await post({ "X-Inngest-Signature": signBody(body, "signkey-prod-" + "ab".repeat(32)) })).status).toBe(401);
    const before = counts["three.first"] ?? 0;
    const signed = await post({ "X-Inngest-Signature": signBody(body, h.signingKey) });
    expect(signed.status).toBe(206);
    expect(counts["three.first"]).toBe(before + 1);
  });
});

test("a three-step function runs each step once and completes", async () => {
  const { ids } = await h.inngest.send({ name: "test/three", data: { n: 10 } });
  expect(ids).toHaveLength(1);
  const before = { ...counts };
  const [run] = await settled("three-steps");
  expect(run).toMatchObject({ status: "completed", output: { c: 12 } });
  expect(counts["three.second"]).toBe(1);
  const detail = await getJobRun(db, run.id);
  expect(detail?.steps.map((s) => [s.name, s.status, s.attempts])).toEqual([
    ["first", "completed", 1],
    ["second", "completed", 1],
    ["third", "completed", 1],
  ]);
  expect(before).toBeDefined();
});

test("a step that fails twice succeeds on its third attempt", async () => {
  await h.inngest.send({ name: "test/flaky", data: {} });
  const [run] = await settled("flaky");
  expect(run).toMatchObject({ status: "completed", output: "ok" });
  expect(counts.flaky).toBe(3);
  const detail = await getJobRun(db, run.id);
  expect(detail?.steps).toMatchObject([{ name: "sometimes", status: "completed", attempts: 3 }]);
});

test("a NonRetriableError fails the run at once and its onFailure handler runs", async () => {
  await h.inngest.send({ name: "test/fatal", data: {} });
  const [run] = await settled("fatal");
  expect(run.status).toBe("failed");
  expect(counts.fatal).toBe(1);
  await settled("fatal-failure");
  expect(counts["fatal.onFailure"]).toBe(1);
  expect((globalThis as { __failed?: unknown }).__failed).toEqual({
    message: "no point retrying",
    original: "test/fatal",
  });
});

test("parallel steps are planned, then run one by one", async () => {
  await h.inngest.send({ name: "test/parallel", data: {} });
  const [run] = await settled("parallel");
  expect(run).toMatchObject({ status: "completed", output: 6 });
  expect([counts["parallel.left"], counts["parallel.right"], counts["parallel.join"]]).toEqual([1, 1, 1]);
});

test("a sleep resumes when the (fake) clock passes it; cancelOn cancels a matching sleeping run only", async () => {
  await h.inngest.send([
    { name: "test/sleep", data: { bookingId: "b1" } },
    { name: "test/sleep", data: { bookingId: "b2" } },
  ]);
  await waitFor(
    async () => (await runsOf("sleeper")).filter((r) => r.status === "sleeping").length === 2,
    15_000,
    "two sleeping runs",
  );
  await h.inngest.send({ name: "test/cancel", data: { bookingId: "b2" } });
  await waitFor(async () => (await runsOf("sleeper")).some((r) => r.status === "cancelled"), 15_000, "cancelled run");
  expect(counts["sleeper.after"]).toBeUndefined();
  offset += 3600_000 + 1000;
  const runs = await settled("sleeper", 2);
  expect(runs.map((r) => r.status).sort()).toEqual(["cancelled", "completed"]);
  expect(counts["sleeper.before"]).toBe(2);
  expect(counts["sleeper.after"]).toBe(1);
});

test("a duplicate idempotency key starts one run; a duplicate event id is dropped", async () => {
  await h.inngest.send({ name: "test/idem", data: { bookingId: "x" } });
  await h.inngest.send({ name: "test/idem", data: { bookingId: "x" } });
  await h.inngest.send({ id: "outbox-row-1", name: "test/idem", data: { bookingId: "y" } });
  const { ids } = await h.inngest.send({ id: "outbox-row-1", name: "test/idem", data: { bookingId: "z" } });
  expect(ids).toHaveLength(1);
  const runs = await settled("once-per-booking", 2);
  expect(runs).toHaveLength(2);
  expect(counts.idem).toBe(2);
});

test("a concurrency key of 1 serialises runs per key", async () => {
  await h.inngest.send(
    [1, 2, 3].flatMap((i) => [
      { name: "test/serial", data: { bookingId: "A", i } },
      { name: "test/serial", data: { bookingId: "B", i } },
    ]),
  );
  const runs = await settled("serial", 6);
  expect(runs.every((r) => r.status === "completed")).toBe(true);
  const maxActive = (globalThis as { __maxActive?: Record<string, number> }).__maxActive!;
  expect(maxActive).toEqual({ A: 1, B: 1 });
});

test("step.sendEvent reaches the server and triggers another function", async () => {
  await h.inngest.send({ name: "test/send", data: {} });
  await settled("sender");
  const [run] = await settled("receiver");
  expect(run).toMatchObject({ status: "completed", output: { from: "sender" } });
});

test("waitForEvent resumes with the matching event", async () => {
  await h.inngest.send({ name: "test/wait", data: { bookingId: "w1" } });
  await waitFor(
    async () =>
      (
        await db.$sql`select 1 from job_steps s join job_runs r on r.id = s.run_id where r.function_id = 'test-app-waiter' and s.status = 'waiting'`
      ).length > 0,
    15_000,
    "waiting step",
  );
  await h.inngest.send({ name: "test/approved", data: { bookingId: "other" } });
  await h.inngest.send({ name: "test/approved", data: { bookingId: "w1", ok: true } });
  const [run] = await settled("waiter");
  expect(run).toMatchObject({ status: "completed", output: { bookingId: "w1", ok: true } });
  expect((await listJobRuns(db, { functionId: "test-app-waiter" })).rows[0].status).toBe("completed");
});

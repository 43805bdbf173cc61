import { opsActor } from "@/server/domain/actor";
import { sql } from "drizzle-orm";
import { afterAll, expect, it } from "vitest";
import { providerAdapter, type ProviderAdapter } from "@/server/providers";
import { waitFor } from "@/tests/job-harness";
import { confirmCancellation } from "@/server/services/cancellations/confirm-cancellation";
import { requestCancellation } from "@/server/services/cancellations/request-cancellation";
import { createTestDb } from "@/tests/db";
import { startFaultApp } from "./local-app";
import {
  cancellable,
  cancellationStatus,
  cancelTransitions,
  gatewayRefundsOf,
  refundsOf,
  rowsOf,
  seedQuietDemo,
} from "./fixtures";

// Fault: the job server dies while process-cancellation is half-way: its first step (a provider
// cancel) is done, its second is in flight. Another server takes the run over: the first step is
// not repeated (counted at the provider adapter the function really calls), the second runs again
// under its idempotency key, and the one refund is paid once. A short lease so the takeover is quick,
// but not so short that a loaded machine (two cores, a heartbeat every third of it) lets a live run go.
const db = await createTestDb();
await seedQuietDemo(db);
const app = await startFaultApp(db, { leaseMs: 1_500 });
afterAll(() => app.close());
const support = { actor: opsActor("founder@example.com") };

/** Counts real calls to a provider's cancel; the first call of `gated` waits for the gate. */
function spyOnCancel(adapter: ProviderAdapter, gate?: Promise<void>) {
  const calls: Promise<unknown>[] = [];
  const real = adapter.cancel.bind(adapter);
  adapter.cancel = (ref, opts) => {
    const gated = gate && calls.length === 0;
    const call = (async () => {
      if (gated) await gate;
      return real(ref, opts);
    })();
    calls.push(call.catch(() => null));
    return call;
  };
  return calls;
}

it("a cancellation run killed during its second provider step resumes on a new server without calling the first provider again", async () => {
  const [b] = await cancellable(db, 2);
  const quote = await requestCancellation(db, support, { bookingId: b.id, reason: "Crash test" });
  const [first, second] = [...new Set(quote.providerCancellations.map((p) => p.provider))];
  const itemsAt = (p: string) => quote.providerCancellations.filter((x) => x.provider === p).length;
  let openGate!: () => void;
  const gate = new Promise<void>((r) => {
    openGate = r;
  });
  const firstCalls = spyOnCancel(await providerAdapter(db, first));
  const secondCalls = spyOnCancel(await providerAdapter(db, second), gate);

  await confirmCancellation(db, support, { cancellationId: quote.id });
  await waitFor(() => secondCalls.length === 1, 30_000, `the call to ${second} to start`);
  expect(firstCalls).toHaveLength(itemsAt(first));
  const dead = app.server.workerId;
  await app.server.stop({ abandon: true }); // like a killed process: its claim on the run is left behind
  const next = await app.restartServer();
  expect(next.workerId).not.toBe(dead);

  await waitFor(
    async () => (await cancellationStatus(db, quote.id)) === "completed",
    30_000,
    "the run to finish on the new server",
  );
  const quoted = quote.refundCalculation!.refundMinor;
  if (quoted > 0)
    await waitFor(async () => (await refundsOf(db, b.id))[0]?.status === "succeeded", 30_000, "the refund to be paid");
  // The killed attempt's call finally returns (a zombie): it must change nothing either.
  openGate();
  await secondCalls[0];
  await new Promise((r) => setTimeout(r, 500)); // and records its answer

  expect(firstCalls).toHaveLength(itemsAt(first)); // step one was memoised, never run again
  expect(secondCalls).toHaveLength(itemsAt(second) + 1); // the killed call, then its step once more on the new server
  const [run] = await rowsOf<{ status: string; steps: { name: string; attempts: number }[] }>(
    db,
    sql`
    select r.status::text, json_agg(json_build_object('name', s.name, 'attempts', s.attempts) order by s.name) as steps
    from job_runs r join job_steps s on s.run_id = r.id
    where r.function_id like '%process-cancellation' and r.event->'data'->>'cancellationId' = ${quote.id} group by r.id`,
  );
  expect(run.status).toBe("completed");
  expect(run.steps.find((s) => s.name === `cancel at ${first}`)?.attempts).toBe(1);
  // Every item cancelled exactly once, at the provider and in our history; one refund, paid once.
  expect((await cancelTransitions(db, b.id)).every((t) => t.n === 1)).toBe(true);
  const sandbox = await rowsOf<{ status: string }>(
    db,
    sql`select s.status from sandbox_bookings s
    join booking_items i on i.provider_code = s.provider_code and i.provider_booking_id = s.provider_booking_id where i.booking_id = ${b.id}`,
  );
  expect(sandbox.every((s) => s.status === "CANCELLED")).toBe(true);
  expect((await refundsOf(db, b.id)).map((r) => r.amount)).toEqual(quoted > 0 ? [quoted] : []);
  expect((await gatewayRefundsOf(db, b.id)).map((g) => g.amount)).toEqual(quoted > 0 ? [quoted] : []);
});

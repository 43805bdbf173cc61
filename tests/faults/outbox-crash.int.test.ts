import { opsActor } from "@/server/domain/actor";
import { sql } from "drizzle-orm";
import { afterAll, expect, it } from "vitest";
import { waitFor } from "@/tests/job-harness";
import { confirmCancellation } from "@/server/services/cancellations/confirm-cancellation";
import { requestCancellation } from "@/server/services/cancellations/request-cancellation";
import { relayOutbox, startOutboxRelay, type OutgoingEvent } from "@/server/services/events/relay-outbox";
import { createTestDb } from "@/tests/db";
import { startFaultApp } from "./local-app";
import { cancellable, gatewayRefundsOf, refundsOf, rowsOf, seedQuietDemo } from "./fixtures";

// Fault: the process dies between committing a state change (with its outbox row) and publishing
// the event. The relay of a new process publishes it; the job server stores it once by its id and
// the function acts once. Real service (confirmCancellation), real relay, real functions.
const db = await createTestDb();
await seedQuietDemo(db);
const app = await startFaultApp(db, { relay: false });
afterAll(() => app.close());
const support = { actor: opsActor("founder@example.com") };

async function confirmedCancellation(skip: number) {
  const b = (await cancellable(db, 1))[skip];
  const quote = await requestCancellation(db, support, { bookingId: b.id, reason: "Outbox crash test" });
  await confirmCancellation(db, support, { cancellationId: quote.id });
  const [row] = await rowsOf<{ id: string; sent: string | null }>(
    db,
    sql`select id, sent_at as sent from outbox
    where name = 'cancellation/confirmed' and data->>'cancellationId' = ${quote.id}`,
  );
  expect(row.sent).toBeNull(); // committed with the state change, not published yet
  return { booking: b, quote, outboxId: row.id };
}

/** A new process: its relay runs until the row is marked sent and the cancellation is done with its refund paid. */
async function restartAndSettle(c: Awaited<ReturnType<typeof confirmedCancellation>>) {
  const relay = startOutboxRelay(db, (e) => app.inngest.send(e), { idleMs: 20 });
  try {
    await waitFor(
      async () => {
        const [o] = await rowsOf<{ sent: string | null }>(
          db,
          sql`select sent_at as sent from outbox where id = ${c.outboxId}`,
        );
        const r = await refundsOf(db, c.booking.id);
        const [x] = await rowsOf<{ status: string }>(
          db,
          sql`select status::text from cancellation_requests where id = ${c.quote.id}`,
        );
        return (
          o.sent &&
          x.status === "completed" &&
          (c.quote.refundCalculation!.refundMinor === 0 || r[0]?.status === "succeeded")
        );
      },
      30_000,
      "the event to be published and acted on",
    );
  } finally {
    await relay.stop();
  }
  const [seen] = await rowsOf<{ events: number; runs: number; attempts: number }>(
    db,
    sql`select
    (select count(*)::int from job_events where external_id = ${c.outboxId}) as events,
    (select count(*)::int from job_runs r join job_events e on e.id = r.event_id where e.external_id = ${c.outboxId}) as runs,
    (select attempts from outbox where id = ${c.outboxId}) as attempts`,
  );
  const refunds = await refundsOf(db, c.booking.id);
  const quoted = c.quote.refundCalculation!.refundMinor;
  expect(refunds.map((r) => r.amount)).toEqual(quoted > 0 ? [quoted] : []);
  expect((await gatewayRefundsOf(db, c.booking.id)).map((g) => g.amount)).toEqual(quoted > 0 ? [quoted] : []);
  return seen;
}

it("dies after claiming the row and before sending: the next relay publishes it once and the cancellation runs once", async () => {
  const c = await confirmedCancellation(0);
  // The claim committed (attempts + 1, a lease), then the process died before the network call.
  const died = await relayOutbox(db, async () => {
    throw new Error("killed before sending");
  });
  expect(died).toEqual({ sent: 0, failed: expect.any(Number) });
  expect(
    (
      await rowsOf<{ n: number }>(db, sql`select count(*)::int as n from job_events where external_id = ${c.outboxId}`)
    )[0].n,
  ).toBe(0);
  expect(await restartAndSettle(c)).toEqual({ events: 1, runs: 1, attempts: 2 });
});

it("dies after sending and before marking sent: the event reaches the job server twice, is stored once, and the cancellation runs once", async () => {
  const c = await confirmedCancellation(1);
  const delivered: OutgoingEvent[] = [];
  await relayOutbox(db, async (events) => {
    await app.inngest.send(events);
    delivered.push(...events);
    throw new Error("killed after sending");
  });
  expect(delivered.map((e) => e.id)).toContain(c.outboxId);
  // The job server already has it (and may be running it); the row is still unsent.
  expect(
    (await rowsOf<{ sent: string | null }>(db, sql`select sent_at as sent from outbox where id = ${c.outboxId}`))[0]
      .sent,
  ).toBeNull();
  expect(await restartAndSettle(c)).toEqual({ events: 1, runs: 1, attempts: 2 });
});

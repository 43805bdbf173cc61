import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { bookingCommunications } from "@/db/schema";
import { localDayAt, localToUtc, offsetMs } from "@/server/domain/zones";
import { getJobRun, listJobFunctions, runCronNow } from "@/server/jobs/console";
import { waitFor } from "@/tests/job-harness";
import { injectFault } from "@/server/notify/faults";
import { queueCommunication } from "@/server/services/comms/queue-communication";
import { commRow, commsBooking } from "@/tests/fixtures/comms";
import { relayOutbox } from "@/server/services/events/relay-outbox";
import { createTestDb } from "@/tests/db";
import { startLocalApp } from "../local-app";

// The comms functions, served by the SDK's own handler and driven by the local job server.
const db = await createTestDb();
const { inngest, close } = await startLocalApp(db);
afterAll(() => close());
const relay = () => relayOutbox(db, (events) => inngest.send(events));
const statusOf = async (id: string, want: string[]) => {
  await relay();
  const r = await commRow(db, id);
  return want.includes(r.status) ? r : null;
};
async function runCron(name: string) {
  const fn = (await listJobFunctions(db)).find((f) => f.name === name && !f.removed)!;
  const runId = await runCronNow(db, fn.id);
  return waitFor(
    async () => {
      const r = await getJobRun(db, runId);
      return r && ["completed", "failed"].includes(r.status) ? r : null;
    },
    30_000,
    name,
  );
}

describe("comms functions on the local Inngest-compatible server", () => {
  it("sends a message when its communication/queued event arrives", async () => {
    const b = await commsBooking(db);
    const id = (await db.transaction((tx) =>
      queueCommunication(tx, {
        bookingId: b.bookingId,
        type: "confirmation_email",
        dedupeKey: `confirmation_email:${b.bookingId}`,
      }),
    ))!;
    const row = await waitFor(() => statusOf(id, ["delivered"]), 30_000, "delivered");
    expect(row.provider).toBe("local");
  });

  it("transient failure → the 15-minute function retries it → delivered", async () => {
    const b = await commsBooking(db);
    await injectFault(db, { channel: "email", target: b.email, kind: "transient", times: 1 });
    const id = (await db.transaction((tx) =>
      queueCommunication(tx, {
        bookingId: b.bookingId,
        type: "refund_confirmation",
        dedupeKey: `refund_confirmation:r1:${b.bookingId}`,
        templateData: { amountMinor: 50_000 },
      }),
    ))!;
    const failed = await waitFor(() => statusOf(id, ["failed"]), 30_000, "first attempt failed");
    expect(failed.nextRetryAt).not.toBeNull();
    await db
      .update(bookingCommunications)
      .set({ nextRetryAt: sql`now() - interval '1 second'` })
      .where(eq(bookingCommunications.id, id)); // the backoff has passed
    const run = await runCron("Retry failed messages");
    expect(run.status).toBe("completed");
    expect(run.output).toMatchObject({ due: 1, outcomes: { sent: 1 } });
    expect(await commRow(db, id)).toMatchObject({ status: "delivered", retryCount: 1 });
    const [mail] = await db.execute<{ html: string }>(sql`select html from mail_outbox where communication_id = ${id}`);
    expect(mail.html).toContain("€500.00");
  });

  it("the hourly reminder function queues the 7-day reminder where it is past 9:00 today, once, and it is sent", async () => {
    const now = Date.now();
    // A zone where it is between 9:00 and 22:00 now (so the local day does not change during the test).
    const zone = [
      "Pacific/Kiritimati",
      "Asia/Tokyo",
      "Asia/Kolkata",
      "Europe/Berlin",
      "America/Sao_Paulo",
      "America/New_York",
      "America/Los_Angeles",
      "Pacific/Honolulu",
      "Pacific/Pago_Pago",
    ].find((z) => {
      const h = new Date(now + offsetMs(z, now)).getUTCHours();
      return h >= 9 && h <= 21;
    })!;
    const startAt = new Date(localToUtc(localDayAt(now, zone, 7, 12), zone));
    const b = await commsBooking(db, { zone, startAt });
    const run = await runCron("Queue trip reminders");
    expect(run.output).toEqual({ queued: 1 });
    expect((await runCron("Queue trip reminders")).output).toEqual({ queued: 0 });
    const [r] = await db
      .select()
      .from(bookingCommunications)
      .where(eq(bookingCommunications.dedupeKey, `trip_reminder:7d:${b.bookingId}`));
    const sent = await waitFor(() => statusOf(r.id, ["delivered"]), 30_000, "reminder delivered");
    expect(sent.subject).toBe("Your trip to Paris is in 7 days!");
  });
});

import { systemActor } from "@/server/domain/actor";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { alerts, documents } from "@/db/schema";
import { localDocumentStorage, provideDocumentStorage, type DocumentStorage } from "@/server/documents/storage";
import { getJobRun, listJobRuns } from "@/server/jobs/console";
import { waitFor } from "@/tests/job-harness";
import { relayOutbox } from "@/server/services/events/relay-outbox";
import { transitionItem } from "@/server/services/lifecycle";
import { insertTestBooking } from "@/tests/fixtures/documents";
import { createTestDb } from "@/tests/db";
import { startLocalApp } from "../local-app";

// The real function on the local Inngest-compatible server, with storage that fails on demand.
const db = await createTestDb();
const disk = localDocumentStorage(await mkdtemp(path.join(tmpdir(), "documents-fn-")));
let failPuts = 0;
const flaky: DocumentStorage = {
  ...disk,
  put: async (k, b) => {
    if (failPuts > 0) {
      failPuts--;
      throw new Error("storage unavailable");
    }
    return disk.put(k, b);
  },
};
provideDocumentStorage(flaky);
const { inngest, close } = await startLocalApp(db);
afterAll(() => close());

const runsOf = async () =>
  (await listJobRuns(db, { limit: 100 })).rows.filter((r) => r.functionName === "Generate booking documents");
const versionsOf = async (bookingId: string, kind: "itinerary" | "e_ticket") =>
  (
    await db
      .select({ v: documents.version })
      .from(documents)
      .where(and(eq(documents.bookingId, bookingId), eq(documents.kind, kind)))
  )
    .map((r) => r.v)
    .sort();

describe("generate-documents function", () => {
  it("retries a failed generation after raising a medium alert, then stores the documents", async () => {
    const b = await insertTestBooking(db, {
      travelers: [
        { firstName: "Ana", lastName: "Silva", type: "adult" },
        { firstName: "陽翔", lastName: "佐藤", type: "adult" },
      ],
    });
    failPuts = 1;
    await inngest.send({ name: "documents/requested", data: { bookingId: b.bookingId, reason: "test" } });
    const alert = await waitFor(
      async () =>
        (
          await db
            .select()
            .from(alerts)
            .where(eq(alerts.dedupeKey, `documents_failed:${b.bookingId}`))
        )[0],
      30_000,
      "alert",
    );
    expect(alert).toMatchObject({ severity: "medium", source: "documents", status: "open" });
    // The local server's backoff is about 10 s before the second attempt.
    const run = await waitFor(
      async () => (await runsOf()).find((r) => r.status === "completed"),
      45_000,
      "completed run",
    );
    const detail = await getJobRun(db, run.id);
    expect(detail!.steps.find((st) => st.name === "generate")).toMatchObject({ status: "completed", attempts: 2 });
    expect(await versionsOf(b.bookingId, "e_ticket")).toEqual([1, 1]);
    expect(await versionsOf(b.bookingId, "itinerary")).toEqual([1]);
  }, 90_000);

  it("regenerates on an item's status change published from the outbox", async () => {
    const b = await insertTestBooking(db, { travelers: [{ firstName: "Lena", lastName: "Berg", type: "adult" }] });
    await inngest.send({ name: "documents/requested", data: { bookingId: b.bookingId } });
    await waitFor(async () => (await versionsOf(b.bookingId, "itinerary")).length === 1, 30_000, "first generation");
    await transitionItem(db, {
      itemId: b.items.flight,
      to: "ticketed",
      actor: systemActor(),
      reason: "test: ticket issued",
    });
    while ((await relayOutbox(db, (events) => inngest.send(events))).sent > 0);
    // The itinerary shows the item's status: version 2; the e-ticket does not change.
    await waitFor(
      async () => (await versionsOf(b.bookingId, "itinerary")).length === 2,
      30_000,
      "regenerated itinerary",
    );
    expect(await versionsOf(b.bookingId, "e_ticket")).toEqual([1]);
  }, 90_000);
});

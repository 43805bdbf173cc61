import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { bookingModifications, bookings, refunds, sandboxProviderSettings } from "@/db/schema";
import { waitFor } from "@/tests/job-harness";
import { relayOutbox } from "@/server/services/events/relay-outbox";
import { failModification } from "@/server/services/modifications/process-modification";
import { insertModBooking } from "@/tests/fixtures/modifications";
import { createTestDb } from "@/tests/db";
import { callerAs } from "@/tests/sessions";
import { startLocalApp } from "../local-app";

// The real function on the local Inngest-compatible server, fed by the outbox relay.
const db = await createTestDb();
const { inngest, close } = await startLocalApp(db, { only: ["modification-process"] });
afterAll(() => close());
const relay = async () => {
  while ((await relayOutbox(db, (events) => inngest.send(events))).sent > 0);
};
const statusOf = async (id: string) =>
  (await db.select().from(bookingModifications).where(eq(bookingModifications.id, id)))[0]?.status;

describe("modification-process function", () => {
  it("makes an agreed change with its providers from the outbox event, once", async () => {
    const b = await insertModBooking(db);
    const api = callerAs(db, b.session).portal.modifications;
    const q = await api.nameChange({ reference: b.reference, travelerIndex: 0, firstName: "Ana", lastName: "Sylva" });
    await api.confirm({ modificationId: q.id });
    await relay();
    await waitFor(async () => (await statusOf(q.id)) === "confirmed", 30_000, "confirmed");
    const [bk] = await db.select().from(bookings).where(eq(bookings.id, b.bookingId));
    expect(bk.travelers[0].lastName).toBe("Sylva");
    // The same event again (a replay): the function's idempotency key and the status guard keep it once.
    await inngest.send({ name: "modification/submitted", data: { modificationId: q.id, bookingId: b.bookingId } });
    expect((await callerAs(db, b.session).portal.modifications.list({ reference: b.reference }))[0].status).toBe(
      "confirmed",
    );
  }, 60_000);

  it("a provider that stays unreachable: the change fails and the paid fee goes back (the function's onFailure path)", async () => {
    const b = await insertModBooking(db);
    const api = callerAs(db, b.session).portal.modifications;
    const q = await api.nameChange({ reference: b.reference, travelerIndex: 0, firstName: "Ana", lastName: "Silvah" });
    await api.confirm({ modificationId: q.id });
    expect(await statusOf(q.id)).toBe("submitted");
    await db
      .update(sandboxProviderSettings)
      .set({ outage: true })
      .where(eq(sandboxProviderSettings.providerCode, "mod-air"));
    // What onFailure runs once retries are exhausted (the local server's backoff makes waiting for it slow).
    expect(await failModification(db, q.id, "mod-air is unreachable (modify)")).toEqual({ failed: true });
    expect(await failModification(db, q.id, "again")).toEqual({ failed: false });
    await db
      .update(sandboxProviderSettings)
      .set({ outage: false })
      .where(eq(sandboxProviderSettings.providerCode, "mod-air"));
    const m = (await db.select().from(bookingModifications).where(eq(bookingModifications.id, q.id)))[0];
    expect(m).toMatchObject({ status: "failed" });
    expect(m.userNotes).toMatch(/could not be reached.*refunded.*Nothing was changed/);
    const rs = await db.select().from(refunds).where(eq(refunds.bookingId, b.bookingId));
    expect(rs).toHaveLength(1);
    expect(rs[0]).toMatchObject({ amountMinor: 1200, status: "succeeded" });
  }, 60_000);
});

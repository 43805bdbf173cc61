import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import {
  alerts,
  bookingCommunications,
  bookingItems,
  bookings,
  bookingStatusHistory,
  documents,
  jobSteps,
  manualFollowUps,
  outbox,
  refunds,
  sandboxProviderSettings,
} from "@/db/schema";
import { localDocumentStorage, provideDocumentStorage } from "@/server/documents/storage";
import { relayOutbox } from "@/server/services/events/relay-outbox";
import { payOutRefund } from "@/server/services/refunds/pay-out-refund";
import { queueConfirmationMessages, queueDocumentDelivery } from "@/server/services/intake/confirmation-messages";
import { applyIntakeChecks } from "@/server/services/intake/confirm-with-providers";
import { addDays, insertIntakeBooking } from "@/tests/fixtures/intake-journey";
import { createTestDb } from "@/tests/db";
import { waitFor } from "@/tests/job-harness";
import { startLocalApp } from "../local-app";

// The real function on the local Inngest-compatible server, fed by the outbox relay, against
// sandbox providers holding what the checkout booked. Backoff 400 ms: a retry reads the sandbox's
// fault settings afresh (the adapter caches them for a second).
const db = await createTestDb();
provideDocumentStorage(localDocumentStorage(await mkdtemp(path.join(tmpdir(), "intake-docs-"))));
const { inngest, close } = await startLocalApp(db, { only: ["confirm-intake"], backoff: () => 400 });
afterAll(() => close());

const relay = async () => {
  while ((await relayOutbox(db, (events) => inngest.send(events))).sent > 0);
};
const bookingOf = async (id: string) => (await db.select().from(bookings).where(eq(bookings.id, id)))[0];
const itemsOf = async (id: string) =>
  Object.fromEntries(
    (await db.select().from(bookingItems).where(eq(bookingItems.bookingId, id))).map((i) => [i.id, i.status]),
  );
const commsOf = (id: string) =>
  db
    .select()
    .from(bookingCommunications)
    .where(eq(bookingCommunications.bookingId, id))
    .orderBy(asc(bookingCommunications.createdAt));
const refundsOf = (id: string) => db.select().from(refunds).where(eq(refunds.bookingId, id));
const followUpsOf = (id: string) => db.select().from(manualFollowUps).where(eq(manualFollowUps.bookingId, id));
const settled = (id: string) =>
  waitFor(async () => ((await bookingOf(id)).status !== "pending" ? bookingOf(id) : null), 30_000, "settled");
const outage = (code: string, on: boolean) =>
  db.update(sandboxProviderSettings).set({ outage: on }).where(eq(sandboxProviderSettings.providerCode, code));

describe("confirm-intake function", () => {
  it("confirms a booking whose providers agree, queues its messages once and delivers its documents", async () => {
    const b = await insertIntakeBooking(db, { prefix: "agree", phone: "+351911000111" });
    await relay();
    const delivery = await waitFor(
      async () => (await commsOf(b.bookingId)).find((c) => c.type === "document_delivery"),
      30_000,
      "document delivery",
    );
    expect((await bookingOf(b.bookingId)).status).toBe("confirmed");
    expect(await itemsOf(b.bookingId)).toEqual({ [b.items.flight]: "confirmed", [b.items.hotel]: "confirmed" });
    const history = await db
      .select()
      .from(bookingStatusHistory)
      .where(eq(bookingStatusHistory.bookingId, b.bookingId))
      .orderBy(asc(bookingStatusHistory.createdAt));
    const bookingRows = history.filter((h) => !h.bookingItemId);
    expect(bookingRows.map((h) => [h.fromStatus, h.toStatus, h.changedBy, h.actorId])).toEqual([
      [null, "pending", "api_client", b.clientId],
      ["pending", "confirmed", "system", "intake-confirmation"],
    ]);
    expect(history.filter((h) => h.bookingItemId).map((h) => h.changeReason)).toEqual([
      expect.stringMatching(/^Confirmed with agree-/),
      expect.stringMatching(/^Confirmed with agree-/),
    ]);
    const docs = await db.select().from(documents).where(eq(documents.bookingId, b.bookingId));
    expect(docs.length).toBeGreaterThan(0);
    expect((delivery.templateData as { documentIds: string[] }).documentIds.sort()).toEqual(
      docs.map((d) => d.id).sort(),
    );
    const sent = async () => (await commsOf(b.bookingId)).map((c) => [c.type, c.channel]).sort();
    const expected = [
      ["confirmation_email", "email"],
      ["confirmation_sms", "sms"],
      ["document_delivery", "email"],
    ];
    expect(await sent()).toEqual(expected);
    // The journey again (a replayed event, a rerun of each step): nothing new.
    await inngest.send({
      name: "booking/created",
      data: { bookingId: b.bookingId, status: "pending", actor: { kind: "api_client", id: b.clientId }, reason: "x" },
    });
    expect(await applyIntakeChecks(db, b.bookingId, [])).toMatchObject({ applied: false, status: "confirmed" });
    expect(await queueConfirmationMessages(db, b.bookingId)).toEqual({ email: null, sms: null });
    expect(await queueDocumentDelivery(db, b.bookingId)).toBeNull();
    expect(await sent()).toEqual(expected);
    // The travel span the checkout left out comes from the items (completion and reviews read it).
    expect((await bookingOf(b.bookingId)).travelStartAt).not.toBeNull();
  }, 60_000);

  it("a different price at one provider cancels that item only: refund of its share, follow-up, notice", async () => {
    const b = await insertIntakeBooking(db, {
      prefix: "price",
      checkout: (t) => t.map((x) => (x.providerCode === "price-hotels" ? { ...x, priceMinor: 21_000 } : x)),
    });
    await relay();
    const done = await settled(b.bookingId);
    expect(done.status).toBe("partially_cancelled");
    expect(await itemsOf(b.bookingId)).toEqual({ [b.items.flight]: "confirmed", [b.items.hotel]: "cancelled" });
    const [h] = await db
      .select()
      .from(bookingStatusHistory)
      .where(
        and(eq(bookingStatusHistory.bookingItemId, b.items.hotel), eq(bookingStatusHistory.toStatus, "cancelled")),
      );
    expect(h.changeReason).toMatch(/^Refused at intake: price: the provider has €210\.00, the booking €190\.00$/);
    const rs = await refundsOf(b.bookingId);
    expect(rs.map((r) => [r.amountMinor, r.status, r.idempotencyKey])).toEqual([
      [b.shares.hotel, "pending", `refund:intake_mismatch:${b.items.hotel}`],
    ]);
    const owed = await db.select().from(outbox).where(eq(outbox.name, "refund/owed"));
    expect(owed.filter((o) => (o.data as { itemId?: string }).itemId === b.items.hotel)).toHaveLength(1);
    const [f] = await followUpsOf(b.bookingId);
    expect(f).toMatchObject({
      kind: "intake_mismatch",
      priority: "high",
      dedupeKey: `intake_mismatch:${b.items.hotel}`,
    });
    expect(f.title).toMatch(/hotel .*price-hotels.*price/);
    // A partially cancelled booking still travels: confirmed, and its documents delivered.
    const types = await waitFor(
      async () => {
        const t = (await commsOf(b.bookingId)).map((c) => c.type).sort();
        return t.includes("document_delivery") && t;
      },
      30_000,
      "document delivery",
    );
    expect(types).toEqual(["cancellation_notice", "confirmation_email", "document_delivery"]);
    // What pay-out-refund does on refund/owed: back to the card, through the local gateway.
    expect((await payOutRefund(db, rs[0].id)).status).toBe("succeeded");
    expect((await bookingOf(b.bookingId)).refundedMinor).toBe(b.shares.hotel);
  }, 60_000);

  it("a reference the provider does not know: provider_cancelled, refunded on the provider path's key", async () => {
    const b = await insertIntakeBooking(db, {
      prefix: "unknown",
      checkout: (t) => t.filter((x) => x.providerCode !== "unknown-air"),
    });
    await relay();
    expect((await settled(b.bookingId)).status).toBe("partially_cancelled");
    expect(await itemsOf(b.bookingId)).toEqual({
      [b.items.flight]: "provider_cancelled",
      [b.items.hotel]: "confirmed",
    });
    const rs = await refundsOf(b.bookingId);
    expect(rs.map((r) => [r.amountMinor, r.idempotencyKey])).toEqual([
      [b.shares.flight, `refund:provider_cancelled:${b.items.flight}`],
    ]);
    expect((await followUpsOf(b.bookingId))[0].title).toMatch(/has no such booking/);
  }, 60_000);

  it("every item refused: the booking is cancelled, the whole charge owed back, nothing confirmed", async () => {
    const b = await insertIntakeBooking(db, {
      prefix: "none",
      checkout: (t) =>
        t
          .filter((x) => x.providerCode !== "none-hotels")
          .map((x) => ({
            ...x,
            details: {
              ...x.details,
              segments: [{ ...(x.details.segments as object[])[0], departureLocal: "2031-05-10T09:30" }],
            },
          })),
    });
    await relay();
    expect((await settled(b.bookingId)).status).toBe("cancelled");
    const reasons = await db
      .select({ reason: bookingStatusHistory.changeReason })
      .from(bookingStatusHistory)
      .where(eq(bookingStatusHistory.bookingItemId, b.items.flight));
    expect(reasons.at(-1)!.reason).toMatch(/start: the provider has 2031-05-10T09:30 \(Europe\/Lisbon\)/);
    const rs = await refundsOf(b.bookingId);
    expect(rs.reduce((s, r) => s + r.amountMinor, 0)).toBe(b.shares.flight + b.shares.hotel);
    expect(await followUpsOf(b.bookingId)).toHaveLength(2);
    expect((await commsOf(b.bookingId)).map((c) => c.type)).toEqual(["cancellation_notice", "cancellation_notice"]);
  }, 60_000);

  it("a provider unreachable at first: the step is retried and the booking confirmed once it answers", async () => {
    const b = await insertIntakeBooking(db, { prefix: "flaky" });
    await outage("flaky-air", true);
    await relay();
    await waitFor(
      async () =>
        (await db.select().from(jobSteps).where(eq(jobSteps.name, "check with flaky-air"))).find((s) => s.error),
      30_000,
      "a failed attempt",
    );
    expect((await bookingOf(b.bookingId)).status).toBe("pending");
    await outage("flaky-air", false);
    expect((await settled(b.bookingId)).status).toBe("confirmed");
    const [step] = await db.select().from(jobSteps).where(eq(jobSteps.name, "check with flaky-air"));
    expect(step.attempts).toBeGreaterThan(1);
    expect(await refundsOf(b.bookingId)).toEqual([]);
  }, 60_000);

  it("a provider unreachable through every retry: the booking stays pending and a human is asked", async () => {
    const b = await insertIntakeBooking(db, { prefix: "down", startsOn: addDays("2031-05-10", 1) });
    await outage("down-hotels", true);
    await relay();
    const alert = await waitFor(
      async () =>
        (
          await db
            .select()
            .from(alerts)
            .where(eq(alerts.dedupeKey, `intake_unconfirmed:${b.bookingId}`))
        )[0],
      45_000,
      "alert after the last retry",
    );
    expect(alert).toMatchObject({ severity: "high", source: "intake_unconfirmed" });
    expect((await bookingOf(b.bookingId)).status).toBe("pending");
    expect(await itemsOf(b.bookingId)).toEqual({ [b.items.flight]: "pending", [b.items.hotel]: "pending" });
    expect((await followUpsOf(b.bookingId)).map((f) => f.kind)).toEqual(["intake_unconfirmed"]);
    expect(await refundsOf(b.bookingId)).toEqual([]);
  }, 60_000);
});

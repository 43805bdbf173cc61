import { providerActor, systemActor, travelerActor } from "@/server/domain/actor";
import { beforeAll, describe, expect, it } from "vitest";
import { canTransitionBooking, canTransitionItem } from "@/server/domain/booking-machine";
import { DomainError } from "@/server/domain/errors";
import { bookingStatuses, itemStatuses } from "@/server/domain/statuses";
import { createTestDb } from "@/tests/db";
import { transitionBooking, transitionItem } from "./index";
import { bookingRow, ensureProviders, eventsOf, historyOf, insertBooking, itemRow } from "@/tests/fixtures/lifecycle";

const db = await createTestDb();
beforeAll(() => ensureProviders(db));

const user = { actor: travelerActor("u-1"), reason: "test" };
const webhook = { actor: providerActor("sandbox"), reason: "provider event", providerEventType: "booking.updated" };
const t = (iso: string) => new Date(iso);

async function refused(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DomainError);
  return e as DomainError;
}

describe("transitionItem", () => {
  it("writes status, history with who/why/provider data, and one event; derives the booking", async () => {
    const {
      bookingId,
      itemIds: [a, b],
    } = await insertBooking(db, "confirmed", [{ status: "confirmed" }, { status: "ticketed" }]);
    const r1 = await transitionItem(db, {
      itemId: a,
      to: "provider_cancelled",
      ...webhook,
      providerRawData: { id: "evt_1" },
      providerEventAt: t("2030-01-01T10:00:00Z"),
    });
    expect(r1).toMatchObject({
      applied: true,
      from: "confirmed",
      to: "provider_cancelled",
      booking: { from: "confirmed", to: "partially_cancelled", applied: true },
    });
    const item = await itemRow(db, a);
    expect(item).toMatchObject({ status: "provider_cancelled", previousStatus: "confirmed", isCancelled: true });
    expect(item.cancelledAt).not.toBeNull();
    expect(item.providerEventAt?.toISOString()).toBe("2030-01-01T10:00:00.000Z");

    const r2 = await transitionItem(db, { itemId: b, to: "cancelled", ...user });
    expect(r2.booking).toMatchObject({ from: "partially_cancelled", to: "cancelled", applied: true });
    const booking = await bookingRow(db, bookingId);
    expect(booking).toMatchObject({
      status: "cancelled",
      previousStatus: "partially_cancelled",
      isCancelled: true,
      cancelledBy: "traveler",
    });

    const history = await historyOf(db, bookingId);
    expect(history).toHaveLength(4);
    const providerRow = history.find((h) => h.bookingItemId === a)!;
    expect(providerRow).toMatchObject({
      fromStatus: "confirmed",
      toStatus: "provider_cancelled",
      changedBy: "provider",
      providerEventType: "booking.updated",
      providerRawData: { id: "evt_1" },
    });
    expect(
      history
        .filter((h) => h.bookingItemId === null)
        .map((h) => h.toStatus)
        .sort(),
    ).toEqual(["cancelled", "partially_cancelled"]);
    expect(await eventsOf(db, [bookingId])).toEqual({ "item/status_changed": 2, "booking/status_changed": 2 });
  });

  it("refuses an invalid transition naming from and to, and changes nothing", async () => {
    const {
      bookingId,
      itemIds: [a],
    } = await insertBooking(db, "confirmed", [{ status: "ticketed" }]);
    const e = await refused(transitionItem(db, { itemId: a, to: "confirmed", ...user }));
    expect(e.code).toBe("invalid_transition");
    expect(e.message).toContain("ticketed");
    expect(e.message).toContain("confirmed");
    expect(e.details).toMatchObject({ from: "ticketed", to: "confirmed" });
    expect((await itemRow(db, a)).status).toBe("ticketed");
    expect(await historyOf(db, bookingId)).toHaveLength(0);
    expect(await eventsOf(db, [bookingId])).toEqual({});
  });

  it("schedule_changed keeps the original previous status and returns only there", async () => {
    const {
      bookingId,
      itemIds: [a],
    } = await insertBooking(db, "ticketed", [{ status: "ticketed" }]);
    await transitionItem(db, {
      itemId: a,
      to: "schedule_changed",
      ...webhook,
      providerEventAt: t("2030-01-01T00:00:00Z"),
    });
    expect(await itemRow(db, a)).toMatchObject({
      status: "schedule_changed",
      previousStatus: "ticketed",
      scheduleChangeAcknowledged: false,
    });
    await transitionItem(db, {
      itemId: a,
      to: "schedule_changed",
      ...webhook,
      providerEventAt: t("2030-01-02T00:00:00Z"),
    });
    expect(await itemRow(db, a)).toMatchObject({ status: "schedule_changed", previousStatus: "ticketed" });
    const e = await refused(transitionItem(db, { itemId: a, to: "confirmed", ...user }));
    expect(e.code).toBe("invalid_transition");
    expect(e.message).toContain("returns to ticketed");
    await transitionItem(db, { itemId: a, to: "ticketed", ...user, reason: "traveler accepted" });
    expect(await itemRow(db, a)).toMatchObject({
      status: "ticketed",
      previousStatus: "schedule_changed",
      scheduleChangeAcknowledged: true,
    });
    expect((await historyOf(db, bookingId)).map((h) => h.toStatus)).toHaveLength(3);
  });

  it("ignores a provider event older than the last applied one (never moves back)", async () => {
    const {
      bookingId,
      itemIds: [a],
    } = await insertBooking(db, "confirmed", [{ status: "confirmed" }]);
    await transitionItem(db, { itemId: a, to: "ticketed", ...webhook, providerEventAt: t("2030-01-01T12:00:00Z") });
    await transitionItem(db, {
      itemId: a,
      to: "provider_cancelled",
      ...webhook,
      providerEventAt: t("2030-01-01T14:00:00Z"),
    });
    // A delayed event from 13:00 (a schedule change) arrives after the 14:00 cancellation.
    const late = await transitionItem(db, {
      itemId: a,
      to: "schedule_changed",
      ...webhook,
      providerEventAt: t("2030-01-01T13:00:00Z"),
    });
    expect(late).toMatchObject({
      applied: false,
      reason: "stale",
      from: "provider_cancelled",
      to: "provider_cancelled",
    });
    expect((await itemRow(db, a)).providerEventAt?.toISOString()).toBe("2030-01-01T14:00:00.000Z");
    expect(await historyOf(db, bookingId)).toHaveLength(3); // 2 item rows + booking → cancelled
  });

  it("treats a redelivered provider event as a no-op but a repeated user action as an error", async () => {
    const {
      bookingId,
      itemIds: [a],
    } = await insertBooking(db, "confirmed", [{ status: "confirmed" }]);
    const ev = { itemId: a, to: "provider_cancelled" as const, ...webhook, providerEventAt: t("2030-02-01T00:00:00Z") };
    expect((await transitionItem(db, ev)).applied).toBe(true);
    expect(await transitionItem(db, ev)).toMatchObject({ applied: false, reason: "duplicate" });
    expect(await transitionItem(db, { ...ev, providerEventAt: undefined })).toMatchObject({
      applied: false,
      reason: "duplicate",
    });
    const e = await refused(transitionItem(db, { itemId: a, to: "provider_cancelled", ...user }));
    expect(e.code).toBe("invalid_transition");
    expect(await historyOf(db, bookingId)).toHaveLength(2);
    expect(await eventsOf(db, [bookingId])).toEqual({ "item/status_changed": 1, "booking/status_changed": 1 });
  });

  it("a newer provider event of the same status is a new change when the machine allows the repeat", async () => {
    const {
      bookingId,
      itemIds: [a],
    } = await insertBooking(db, "confirmed", [{ status: "confirmed" }]);
    await transitionItem(db, {
      itemId: a,
      to: "schedule_changed",
      ...webhook,
      providerEventAt: t("2030-03-01T00:00:00Z"),
    });
    const again = await transitionItem(db, {
      itemId: a,
      to: "schedule_changed",
      ...webhook,
      providerEventAt: t("2030-03-02T00:00:00Z"),
    });
    expect(again.applied).toBe(true);
    // The same status at a newer time where the machine has no self-loop only advances the clock.
    const {
      itemIds: [b],
    } = await insertBooking(db, "confirmed", [{ status: "confirmed" }]);
    expect(
      await transitionItem(db, { itemId: b, to: "confirmed", ...webhook, providerEventAt: t("2030-03-05T00:00:00Z") }),
    ).toMatchObject({ applied: false, reason: "duplicate" });
    expect((await itemRow(db, b)).providerEventAt?.toISOString()).toBe("2030-03-05T00:00:00.000Z");
    expect(await historyOf(db, bookingId)).toHaveLength(2);
  });

  it("refuses with conflict when expectedFrom no longer holds", async () => {
    const {
      itemIds: [a],
    } = await insertBooking(db, "confirmed", [{ status: "confirmed" }]);
    const e = await refused(transitionItem(db, { itemId: a, to: "ticketed", expectedFrom: "ticketed", ...user }));
    expect(e.code).toBe("conflict");
    expect(
      (await refused(transitionItem(db, { itemId: "00000000-0000-0000-0000-000000000000", to: "ticketed", ...user })))
        .code,
    ).toBe("not_found");
  });

  it("partially cancels a pending booking (an item refused at intake), and keeps a disputed booking disputed", async () => {
    const pending = await insertBooking(db, "pending", [{ status: "pending" }, { status: "pending" }]);
    const r = await transitionItem(db, { itemId: pending.itemIds[0], to: "provider_cancelled", ...webhook });
    expect(r.booking).toMatchObject({ from: "pending", to: "partially_cancelled", applied: true });
    expect((await transitionItem(db, { itemId: pending.itemIds[1], to: "cancelled", ...user })).booking).toMatchObject({
      to: "cancelled",
      applied: true,
    });

    const disputed = await insertBooking(db, "disputed", [{ status: "confirmed" }, { status: "confirmed" }], {
      statusBeforeDispute: "confirmed",
    });
    const d = await transitionItem(db, { itemId: disputed.itemIds[0], to: "provider_cancelled", ...webhook });
    expect(d.booking.applied).toBe(false);
    expect(await bookingRow(db, disputed.bookingId)).toMatchObject({
      status: "disputed",
      statusBeforeDispute: "partially_cancelled",
    });
  });

  it("runs inside a caller's transaction and rolls back with it", async () => {
    const {
      bookingId,
      itemIds: [a],
    } = await insertBooking(db, "confirmed", [{ status: "confirmed" }]);
    await db
      .transaction(async (tx) => {
        await transitionItem(tx, { itemId: a, to: "cancelled", ...user });
        tx.rollback();
      })
      .catch(() => {});
    expect((await itemRow(db, a)).status).toBe("confirmed");
    expect(await historyOf(db, bookingId)).toHaveLength(0);
    expect(await eventsOf(db, [bookingId])).toEqual({});
  });
});

describe("transitionItem under concurrency", () => {
  it("two concurrent transitions of one item: one wins, the other sees the new state", async () => {
    for (let round = 0; round < 5; round++) {
      const {
        bookingId,
        itemIds: [a],
      } = await insertBooking(db, "confirmed", [{ status: "confirmed" }]);
      const results = await Promise.allSettled([
        transitionItem(db, { itemId: a, to: "cancelled", expectedFrom: "confirmed", ...user }),
        transitionItem(db, { itemId: a, to: "ticketed", expectedFrom: "confirmed", ...user }),
      ]);
      const ok = results.filter((r) => r.status === "fulfilled");
      const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(ok).toHaveLength(1);
      expect(failed).toHaveLength(1);
      const winner = (ok[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof transitionItem>>>).value;
      expect(failed[0].reason).toMatchObject({ code: "conflict", details: { from: winner.to } });
      expect((await itemRow(db, a)).status).toBe(winner.to);
      expect((await historyOf(db, bookingId)).filter((h) => h.bookingItemId)).toHaveLength(1);
    }
  });

  it("without expectedFrom the loser is validated against the winner's status (no lost update)", async () => {
    const {
      bookingId,
      itemIds: [a],
    } = await insertBooking(db, "confirmed", [{ status: "confirmed" }]);
    const results = await Promise.allSettled([
      transitionItem(db, { itemId: a, to: "cancelled", ...user }),
      transitionItem(db, { itemId: a, to: "ticketed", ...user }),
    ]);
    const item = await itemRow(db, a);
    const rows = (await historyOf(db, bookingId)).filter((h) => h.bookingItemId);
    // Either ticketed then cancelled (both apply), or cancelled first and ticketed refused from cancelled.
    expect(item.status).toBe("cancelled");
    const applied = results.filter((r) => r.status === "fulfilled").length;
    expect(rows).toHaveLength(applied);
    if (applied === 1)
      expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({
        details: { from: "cancelled", to: "ticketed" },
      });
    else
      expect(rows.map((r) => `${r.fromStatus}>${r.toStatus}`).sort()).toEqual([
        "confirmed>ticketed",
        "ticketed>cancelled",
      ]);
  });

  it("concurrent cancellations of every item of a booking end in a cancelled booking", async () => {
    const { bookingId, itemIds } = await insertBooking(
      db,
      "ticketed",
      Array.from({ length: 4 }, () => ({ status: "ticketed" as const })),
    );
    await Promise.all(itemIds.map((itemId) => transitionItem(db, { itemId, to: "provider_cancelled", ...webhook })));
    expect((await bookingRow(db, bookingId)).status).toBe("cancelled");
    const bookingRows = (await historyOf(db, bookingId))
      .filter((h) => !h.bookingItemId)
      .map((h) => `${h.fromStatus}>${h.toStatus}`);
    expect(bookingRows.sort()).toEqual(["partially_cancelled>cancelled", "ticketed>partially_cancelled"]);
  });
});

describe("transitionBooking", () => {
  it("remembers the status before a dispute and only restores that one", async () => {
    const { bookingId } = await insertBooking(db, "ticketed", [{ status: "ticketed" }]);
    await transitionBooking(db, {
      bookingId,
      to: "disputed",
      actor: providerActor("sandbox"),
      reason: "chargeback opened",
    });
    expect(await bookingRow(db, bookingId)).toMatchObject({
      status: "disputed",
      statusBeforeDispute: "ticketed",
      hasDispute: true,
    });
    const e = await refused(transitionBooking(db, { bookingId, to: "confirmed", ...user }));
    expect(e).toMatchObject({ code: "invalid_transition", details: { from: "disputed", to: "confirmed" } });
    await transitionBooking(db, { bookingId, to: "ticketed", actor: providerActor("sandbox"), reason: "dispute won" });
    expect(await bookingRow(db, bookingId)).toMatchObject({
      status: "ticketed",
      statusBeforeDispute: null,
      previousStatus: "disputed",
    });
    expect(await eventsOf(db, [bookingId])).toEqual({ "booking/status_changed": 2 });
  });

  it("stamps completion and cancellation, and treats a provider repeat as a no-op", async () => {
    const a = await insertBooking(db, "confirmed", [{ status: "confirmed" }]);
    await transitionBooking(db, {
      bookingId: a.bookingId,
      to: "completed",
      actor: systemActor(),
      reason: "travel ended",
      at: t("2030-05-01T00:00:00Z"),
    });
    expect((await bookingRow(db, a.bookingId)).completedAt?.toISOString()).toBe("2030-05-01T00:00:00.000Z");
    const b = await insertBooking(db, "pending", [{ status: "pending" }]);
    await transitionBooking(db, {
      bookingId: b.bookingId,
      to: "cancelled",
      actor: providerActor("sandbox"),
      reason: "booking failed",
    });
    expect(await bookingRow(db, b.bookingId)).toMatchObject({
      status: "cancelled",
      isCancelled: true,
      cancelledBy: "provider",
      cancellationReason: "booking failed",
    });
    expect(
      await transitionBooking(db, {
        bookingId: b.bookingId,
        to: "cancelled",
        actor: providerActor("sandbox"),
        reason: "again",
      }),
    ).toMatchObject({ applied: false, reason: "duplicate" });
    expect((await refused(transitionBooking(db, { bookingId: b.bookingId, to: "cancelled", ...user }))).code).toBe(
      "invalid_transition",
    );
  });
});

describe("every transition pair through the service", () => {
  it("items: applied exactly when the machine allows it (schedule_changed came from ticketed)", async () => {
    for (const from of itemStatuses) {
      for (const to of itemStatuses) {
        const previousStatus = from === "schedule_changed" ? ("ticketed" as const) : null;
        const {
          itemIds: [a],
        } = await insertBooking(db, "ticketed", [{ status: from, previousStatus }, { status: "ticketed" }]);
        const ok = await transitionItem(db, { itemId: a, to, ...user }).then(
          () => true,
          (e: DomainError) => {
            expect(e).toMatchObject({ code: "invalid_transition", details: { from, to } });
            return false;
          },
        );
        expect(ok, `${from} → ${to}`).toBe(canTransitionItem(from, to, previousStatus));
        expect((await itemRow(db, a)).status).toBe(ok ? to : from);
      }
    }
  });

  it("bookings: applied exactly when the machine allows it (a dispute came from modified)", async () => {
    for (const from of bookingStatuses) {
      for (const to of bookingStatuses) {
        const before = from === "disputed" ? ("modified" as const) : undefined;
        const { bookingId } = await insertBooking(db, from, [{ status: "confirmed" }], { statusBeforeDispute: before });
        const ok = await transitionBooking(db, { bookingId, to, ...user }).then(
          () => true,
          (e: DomainError) => {
            expect(e).toMatchObject({ code: "invalid_transition", details: { from, to } });
            return false;
          },
        );
        expect(ok, `${from} → ${to}`).toBe(canTransitionBooking(from, to, before));
        expect((await bookingRow(db, bookingId)).status).toBe(ok ? to : from);
      }
    }
  });
});

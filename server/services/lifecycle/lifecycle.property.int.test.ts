import { guestActor, opsActor, providerActor, systemActor, travelerActor, type Actor } from "@/server/domain/actor";
import { inArray, sql } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { bookingItems, bookings, bookingStatusHistory, outbox } from "@/db/schema";
import { seedDemo } from "@/db/seed";
import { derivedCancellationStatus } from "@/server/domain/booking-machine";
import { DomainError } from "@/server/domain/errors";
import { bookingStatuses, itemStatuses, type BookingStatus, type ItemStatus } from "@/server/domain/statuses";
import { createTestDb } from "@/tests/db";
import { transitionBooking, transitionItem } from "./index";
import { LifecycleModel, type ModelBooking, type ModelItem, type Outcome } from "@/tests/lifecycle-oracle";
import { ensureProviders, insertBooking, itemRow, type ItemSeed } from "@/tests/fixtures/lifecycle";

const db = await createTestDb();
beforeAll(async () => {
  await seedDemo(db, { bookings: 40, now: new Date("2030-06-01T12:00:00Z") });
  await ensureProviders(db);
});

const actorArb = fc.constantFrom<Actor>(
  travelerActor("u-1"),
  guestActor("b-1"),
  systemActor(),
  opsActor("ops-1"),
  providerActor("sandbox"),
);

async function loadModel(bookingIds: string[]) {
  const bs = await db
    .select({ id: bookings.id, status: bookings.status, beforeDispute: bookings.statusBeforeDispute })
    .from(bookings)
    .where(inArray(bookings.id, bookingIds));
  const is = await db
    .select({
      id: bookingItems.id,
      bookingId: bookingItems.bookingId,
      status: bookingItems.status,
      previous: bookingItems.previousStatus,
    })
    .from(bookingItems)
    .where(inArray(bookingItems.bookingId, bookingIds));
  return new LifecycleModel(
    new Map<string, ModelItem>(is.map((i) => [i.id, i])),
    new Map<string, ModelBooking>(bs.map((b) => [b.id, b])),
  );
}

/** What the service wrote for these bookings: history rows (item / booking) and outbox rows by name. */
async function writes(bookingIds: string[]) {
  const [h] = await db
    .select({
      item: sql<number>`count(*) filter (where ${bookingStatusHistory.bookingItemId} is not null)::int`,
      booking: sql<number>`count(*) filter (where ${bookingStatusHistory.bookingItemId} is null)::int`,
    })
    .from(bookingStatusHistory)
    .where(inArray(bookingStatusHistory.bookingId, bookingIds));
  const [o] = await db
    .select({
      item: sql<number>`count(*) filter (where ${outbox.name} = 'item/status_changed')::int`,
      booking: sql<number>`count(*) filter (where ${outbox.name} in ('booking/status_changed', 'booking/completed'))::int`,
    })
    .from(outbox)
    .where(inArray(sql`${outbox.data}->>'bookingId'`, bookingIds));
  return { history: h, events: o };
}

/** Runs a call and classifies its result the way the model does. */
async function outcomeOf(
  call: Promise<{ applied: boolean; reason?: string; booking?: { applied: boolean } }>,
  bookingChangedOf: (r: { booking?: { applied: boolean } }) => boolean,
): Promise<Outcome> {
  try {
    const r = await call;
    if (!r.applied) return { kind: "duplicate" };
    return { kind: "applied", bookingChanged: bookingChangedOf(r) };
  } catch (e) {
    if (!(e instanceof DomainError) || e.code !== "invalid_transition") throw e;
    expect(e.message).toContain(String(e.details?.from));
    expect(e.message).toContain(String(e.details?.to));
    return { kind: "invalid", from: String(e.details?.from), to: String(e.details?.to) };
  }
}

async function expectDbMatches(
  model: LifecycleModel,
  bookingIds: string[],
  before: Awaited<ReturnType<typeof writes>>,
) {
  const fresh = await loadModel(bookingIds);
  for (const [id, it] of model.items) expect(fresh.items.get(id), `item ${id}`).toEqual(it);
  for (const [id, b] of model.bookings) expect(fresh.bookings.get(id), `booking ${id}`).toEqual(b);
  const now = await writes(bookingIds);
  // Exactly one history row and one outbox row per applied transition; nothing for the others.
  expect(now.history.item - before.history.item).toBe(model.itemApplied);
  expect(now.history.booking - before.history.booking).toBe(model.bookingApplied);
  expect(now.events.item - before.events.item).toBe(model.itemApplied);
  expect(now.events.booking - before.events.booking).toBe(model.bookingApplied);
  for (const it of model.items.values()) {
    // schedule_changed always remembers a status it may return to.
    if (it.status === "schedule_changed") expect(["confirmed", "ticketed", "modified"]).toContain(it.previous);
  }
}

const startItem = fc.oneof(
  fc
    .constantFrom<ItemStatus>("confirmed", "ticketed", "modified", "completed", "no_show")
    .map((status): ItemSeed => ({ status })),
  fc
    .constantFrom<ItemStatus>("confirmed", "ticketed", "modified")
    .map((previousStatus): ItemSeed => ({ status: "schedule_changed", previousStatus })),
);
const freshBooking = fc.oneof(
  fc.record({
    status: fc.constantFrom<BookingStatus>("confirmed", "ticketed", "modified"),
    items: fc.array(startItem, { minLength: 1, maxLength: 4 }),
  }),
  fc.integer({ min: 1, max: 3 }).map((n) => ({
    status: "pending" as BookingStatus,
    items: Array.from({ length: n }, (): ItemSeed => ({ status: "pending" })),
  })),
);
const itemSteps = fc.array(fc.record({ pick: fc.nat(), to: fc.constantFrom(...itemStatuses), actor: actorArb }), {
  minLength: 1,
  maxLength: 14,
});

describe("lifecycle properties (real PostgreSQL)", () => {
  it("item transitions on a fresh booking follow the model; the booking follows its items", async () => {
    await fc.assert(
      fc.asyncProperty(freshBooking, itemSteps, async (start, steps) => {
        const { bookingId, itemIds } = await insertBooking(db, start.status, start.items);
        const model = await loadModel([bookingId]);
        const before = await writes([bookingId]);
        for (const step of steps) {
          const itemId = itemIds[step.pick % itemIds.length];
          const expected = model.item(itemId, step.to, step.actor);
          const actual = await outcomeOf(
            transitionItem(db, { itemId, to: step.to, actor: step.actor, reason: "property" }),
            (r) => r.booking!.applied,
          );
          expect(actual).toEqual(expected);
          await expectDbMatches(model, [bookingId], before);
          // The booking's status is what its items imply.
          const b = model.bookings.get(bookingId)!;
          const derived = derivedCancellationStatus([...model.items.values()].map((i) => i.status));
          if (b.status !== "pending")
            expect(
              derived === null ? !["cancelled", "partially_cancelled"].includes(b.status) : b.status === derived,
            ).toBe(true);
          else expect(derived).not.toBe("cancelled");
        }
      }),
      { numRuns: 60 },
    );
  });

  it("random item transitions across the seeded demo follow the model", async () => {
    const ids = (await db.select({ id: bookings.id }).from(bookings)).map((b) => b.id);
    const items = (
      await db.select({ id: bookingItems.id }).from(bookingItems).where(inArray(bookingItems.bookingId, ids))
    ).map((i) => i.id);
    expect(items.length).toBeGreaterThan(40);
    await fc.assert(
      fc.asyncProperty(itemSteps, async (steps) => {
        const model = await loadModel(ids);
        const before = await writes(ids);
        for (const step of steps) {
          const itemId = items[step.pick % items.length];
          const expected = model.item(itemId, step.to, step.actor);
          expect(
            await outcomeOf(
              transitionItem(db, { itemId, to: step.to, actor: step.actor, reason: "property" }),
              (r) => r.booking!.applied,
            ),
          ).toEqual(expected);
        }
        await expectDbMatches(model, ids, before);
      }),
      { numRuns: 25 },
    );
  });

  it("booking transitions follow the model, disputes included", async () => {
    const steps = fc.array(fc.record({ to: fc.constantFrom(...bookingStatuses), actor: actorArb }), {
      minLength: 1,
      maxLength: 14,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<BookingStatus>("pending", "confirmed", "ticketed", "modified"),
        steps,
        async (start, steps) => {
          const { bookingId } = await insertBooking(db, start, [
            { status: start === "pending" ? "pending" : "confirmed" },
          ]);
          const model = await loadModel([bookingId]);
          const before = await writes([bookingId]);
          for (const step of steps) {
            const expected = model.booking(bookingId, step.to, step.actor);
            expect(
              await outcomeOf(
                transitionBooking(db, { bookingId, to: step.to, actor: step.actor, reason: "property" }),
                () => true,
              ),
            ).toEqual(expected);
            await expectDbMatches(model, [bookingId], before);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("shuffled, duplicated provider events: never applied twice, never backwards in provider time", async () => {
    const events = fc.uniqueArray(
      fc.record({ minute: fc.integer({ min: 0, max: 10_000 }), to: fc.constantFrom(...itemStatuses) }),
      { selector: (e) => e.minute, minLength: 1, maxLength: 10 },
    );
    const delivery = events.chain((evs) =>
      fc.tuple(
        fc.constant(evs),
        fc.shuffledSubarray([...evs, ...evs], { minLength: evs.length, maxLength: evs.length * 2 }),
      ),
    );
    await fc.assert(
      fc.asyncProperty(delivery, async ([, delivered]) => {
        const {
          bookingId,
          itemIds: [itemId],
        } = await insertBooking(db, "ticketed", [{ status: "ticketed" }]);
        let clock = -1; // the newest provider time the item has accepted
        const appliedMinutes: number[] = [];
        for (const ev of delivered) {
          const at = new Date(Date.UTC(2030, 0, 1) + ev.minute * 60_000);
          const r = await transitionItem(db, {
            itemId,
            to: ev.to,
            actor: providerActor("sandbox"),
            reason: "event",
            providerEventAt: at,
            providerRawData: { minute: ev.minute },
          }).catch((e: unknown) => {
            if (e instanceof DomainError && e.code === "invalid_transition") return null;
            throw e;
          });
          if (r === null) continue;
          if (ev.minute < clock) expect(r).toMatchObject({ applied: false, reason: "stale" });
          if (r.applied) {
            expect(ev.minute).toBeGreaterThan(clock);
            appliedMinutes.push(ev.minute);
          }
          if (r.reason !== "stale") clock = Math.max(clock, ev.minute);
          expect((await itemRow(db, itemId)).providerEventAt?.getTime()).toBe(Date.UTC(2030, 0, 1) + clock * 60_000);
        }
        const rows = await db
          .select({ raw: bookingStatusHistory.providerRawData })
          .from(bookingStatusHistory)
          .where(
            sql`${bookingStatusHistory.bookingId} = ${bookingId} and ${bookingStatusHistory.bookingItemId} is not null`,
          );
        const minutes = rows.map((r) => (r.raw as { minute: number }).minute);
        expect(new Set(minutes).size).toBe(minutes.length); // one history row per distinct applied event
        expect(minutes.sort((a, b) => a - b)).toEqual([...appliedMinutes].sort((a, b) => a - b));
      }),
      { numRuns: 60 },
    );
  });
});

import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { bookingItems, sandboxBookings, sandboxProviderSettings } from "@/db/schema";
import { seedDemo } from "@/db/seed";
import { createTestDb } from "@/tests/db";
import { callerAs, sessions } from "@/tests/sessions";
import { ProviderError } from "../contract";
import { sandboxAdapter } from "./adapter";

const db = await createTestDb();
const slept: number[] = [];
const noWait = async (ms: number) => {
  slept.push(ms);
};
let item: { provider: string; ref: string; status: string; price: number };

beforeAll(async () => {
  await seedDemo(db, { bookings: 60, now: new Date("2026-11-24T12:00:00Z") });
  const [i] = await db
    .select({
      provider: bookingItems.providerCode,
      ref: bookingItems.providerBookingId,
      status: bookingItems.status,
      price: bookingItems.priceMinor,
    })
    .from(bookingItems)
    .where(eq(bookingItems.status, "confirmed"))
    .limit(1);
  item = { ...i, ref: i.ref! };
});

const adapter = (opts: Parameters<typeof sandboxAdapter>[2] = {}) =>
  sandboxAdapter(
    db,
    { code: item.provider, rateLimitPerSecond: 1000 },
    { sleep: noWait, settingsTtlMs: 0, random: () => 0.5, ...opts },
  );
const setFaults = (patch: Partial<typeof sandboxProviderSettings.$inferInsert>) =>
  db.update(sandboxProviderSettings).set(patch).where(eq(sandboxProviderSettings.providerCode, item.provider));

describe("sandbox provider", () => {
  it("holds a twin of every seeded item, in the provider's own words", async () => {
    const [{ items, twins }] = await db.execute<{ items: number; twins: number }>(sql`select
      (select count(*)::int from booking_items) as items, (select count(*)::int from sandbox_bookings) as twins`);
    expect(twins).toBe(items);
    const b = await adapter().getBooking(item.ref);
    expect(b).toMatchObject({
      providerBookingId: item.ref,
      status: "confirmed",
      rawStatus: "CONFIRMED",
      priceMinor: item.price,
      sequence: 1,
    });
  });

  it("takes its configured latency on every call", async () => {
    await setFaults({ latencyMs: 250, jitterMs: 0 });
    slept.length = 0;
    await adapter().getBooking(item.ref);
    expect(slept).toEqual([250]);
    await setFaults({ latencyMs: 100, jitterMs: 20 });
  });

  it("fails as configured: outage, error rate, unknown booking", async () => {
    await setFaults({ outage: true });
    await expect(adapter().getBooking(item.ref)).rejects.toMatchObject({ kind: "unreachable", retryable: true });
    await setFaults({ outage: false, errorRateBps: 5000 });
    await expect(adapter({ random: () => 0.2 }).getBooking(item.ref)).rejects.toMatchObject({ kind: "error" });
    await expect(adapter({ random: () => 0.7 }).getBooking(item.ref)).resolves.toMatchObject({
      rawStatus: "CONFIRMED",
    });
    await setFaults({ errorRateBps: 0 });
    await expect(adapter().getBooking("NOPE-1")).rejects.toBeInstanceOf(ProviderError);
  });

  it("cancels once however often and however concurrently it is asked, and can refuse", async () => {
    await setFaults({ rejectCancellations: true });
    await expect(adapter().cancel(item.ref, { idempotencyKey: "k1" })).rejects.toMatchObject({
      kind: "rejected",
      retryable: false,
    });
    await setFaults({ rejectCancellations: false });
    const results = await Promise.all(
      Array.from({ length: 10 }, () => adapter().cancel(item.ref, { idempotencyKey: "k1" })),
    );
    expect(results.filter((r) => !r.alreadyCancelled)).toHaveLength(1);
    expect(new Set(results.map((r) => r.reference)).size).toBe(1);
    const [b] = await db
      .select()
      .from(sandboxBookings)
      .where(and(eq(sandboxBookings.providerCode, item.provider), eq(sandboxBookings.providerBookingId, item.ref)));
    expect(b).toMatchObject({ status: "CANCELLED", sequence: 2 });
    expect((await adapter().getBooking(item.ref)).status).toBe("cancelled");
  });

  it("quotes changes and new dates the same way twice", async () => {
    const [other] = await db
      .select({ ref: bookingItems.providerBookingId })
      .from(bookingItems)
      .where(
        and(
          eq(bookingItems.providerCode, item.provider),
          eq(bookingItems.status, "confirmed"),
          sql`${bookingItems.providerBookingId} <> ${item.ref}`,
        ),
      )
      .limit(1);
    const dates = { startAt: new Date("2027-02-01T10:00:00Z"), endAt: new Date("2027-02-04T10:00:00Z") };
    const a = await adapter().quoteNewDates(other.ref!, dates),
      b = await adapter().quoteNewDates(other.ref!, dates);
    expect(a).toEqual(b);
    const q = await adapter().modificationQuote(other.ref!, "date_change");
    expect(q.allowed).toBe(true);
    expect(q.feeMinor).toBeGreaterThanOrEqual(0);
    expect((await adapter().modificationQuote(item.ref, "date_change")).allowed).toBe(false); // cancelled above
  });

  it("says what it can do, and does exactly that: airlines correct names, others transfer them", async () => {
    const confirmedAt = async (provider: string) => {
      const [i] = await db
        .select({ ref: bookingItems.providerBookingId })
        .from(bookingItems)
        .where(
          and(
            eq(bookingItems.providerCode, provider),
            eq(bookingItems.status, "confirmed"),
            sql`${bookingItems.providerBookingId} <> ${item.ref}`, // cancelled above
          ),
        )
        .limit(1);
      return i.ref!;
    };
    const at = (code: string) => sandboxAdapter(db, { code, rateLimitPerSecond: 1000 }, { sleep: noWait });
    const transfer = {
      kind: "name_change" as const,
      travelerIndex: 0,
      from: { firstName: "Ana", lastName: "Garcia" },
      to: { firstName: "Bruno", lastName: "Silva" },
    };
    const airline = at("skyway-air"),
      hotel = at("stayrooms");
    expect(airline.capabilities()).toMatchObject({ readBooking: true, cancel: true, nameChange: "correction" });
    expect(hotel.capabilities()).toMatchObject({ nameChange: "any", dateChange: true, partialCancel: false });
    const refused = await airline.submitModification(await confirmedAt("skyway-air"), transfer, {
      idempotencyKey: "t1",
    });
    expect(refused.status).toBe("rejected");
    const taken = await hotel.submitModification(await confirmedAt("stayrooms"), transfer, { idempotencyKey: "t2" });
    expect(taken).toMatchObject({ status: "confirmed" });
    // Nothing the contract has no method for is claimed.
    for (const a of [airline, hotel])
      expect(a.capabilities()).toMatchObject({ travelerChange: false, alternatives: false, claims: false });
  });

  it("takes its faults from the console: checked input, unknown provider refused, applied to the next call", async () => {
    const api = callerAs(db, sessions.ops()).ops.providers;
    const faults = {
      providerCode: item.provider,
      latencyMs: 100,
      jitterMs: 0,
      errorRateBps: 0,
      outage: true,
      rejectCancellations: false,
      eventsPerHour: 0,
    };
    await expect(api.setSandboxFaults({ ...faults, errorRateBps: 20_000 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(api.setSandboxFaults({ ...faults, providerCode: "nobody" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(callerAs(db, null).ops.providers.setSandboxFaults(faults)).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
    await api.setSandboxFaults(faults);
    await expect(adapter().getBooking(item.ref)).rejects.toMatchObject({ kind: "unreachable" });
    await api.setSandboxFaults({ ...faults, outage: false });
    await expect(adapter().getBooking(item.ref)).resolves.toBeTruthy();
  });
});

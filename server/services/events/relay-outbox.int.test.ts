import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createTestDb } from "@/tests/db";
import { recordEvent } from "./record-event";
import { relayOutbox, type OutgoingEvent } from "./relay-outbox";

const db = await createTestDb();
const pendingCount = async () =>
  Number((await db.execute<{ n: number }>(sql`select count(*)::int as n from outbox where sent_at is null`))[0].n);

describe("outbox relay", () => {
  it("delivers every row exactly once by id across a crash between send and mark", async () => {
    await db.transaction(async (tx) => {
      for (let i = 0; i < 250; i++)
        await recordEvent(tx, "documents/requested", { bookingId: randomUUID(), reason: `${i}` });
    });
    const received: OutgoingEvent[] = [];
    // The first batch reaches the receiver, then the process "dies" before marking it sent.
    await relayOutbox(
      db,
      async (events) => {
        received.push(...events);
        throw new Error("process died");
      },
      { batch: 100 },
    );
    expect(received).toHaveLength(100);
    expect(await pendingCount()).toBe(250);
    const [failed] = await db.execute<{ err: string }>(
      sql`select last_error as err from outbox where id = ${received[0].id}`,
    );
    expect(failed.err).toBe("process died");

    await db.execute(sql`update outbox set next_attempt_at = now()`); // the lease and backoff lapse
    const deliver = async (events: OutgoingEvent[]) => {
      received.push(...events);
    };
    // Two relays at once: SKIP LOCKED gives each its own rows.
    while (
      (await Promise.all([relayOutbox(db, deliver, { batch: 60 }), relayOutbox(db, deliver, { batch: 60 })])).some(
        (r) => r.sent > 0,
      )
    );

    expect(await pendingCount()).toBe(0);
    const byId = new Map<string, OutgoingEvent[]>();
    for (const e of received) byId.set(e.id, [...(byId.get(e.id) ?? []), e]);
    expect(byId.size).toBe(250); // a receiver deduplicating by event id acts on each row once
    const resent = [...byId.values()].filter((list) => list.length > 1);
    expect(resent).toHaveLength(100); // exactly the batch whose marking was lost
    for (const list of resent) expect(list[1]).toEqual(list[0]); // same id, name, data and time
    expect(received.length).toBe(350);
  });

  it("backs off after a failed send instead of retrying at once", async () => {
    await recordEvent(db, "documents/requested", { bookingId: randomUUID() });
    await relayOutbox(db, async () => {
      throw new Error("inngest unreachable");
    });
    expect((await relayOutbox(db, async () => {})).sent).toBe(0);
    expect(await pendingCount()).toBe(1);
  });
});

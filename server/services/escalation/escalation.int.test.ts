import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { alerts, manualFollowUps, outbox } from "@/db/schema";
import { createTestDb } from "@/tests/db";
import { openFollowUp } from "./open-follow-up";
import { raiseAlert } from "./raise-alert";

const db = await createTestDb();

describe("raiseAlert", () => {
  it("deduplicates by key while open, and records one alert/raised event", async () => {
    const input = {
      severity: "high" as const,
      source: "refund_failed",
      title: "Refund failed",
      dedupeKey: "refund_failed:r1",
    };
    const first = await raiseAlert(db, input);
    const again = await Promise.all(Array.from({ length: 5 }, () => raiseAlert(db, input)));
    expect(first.isNew).toBe(true);
    expect(again.every((a) => a.id === first.id && !a.isNew)).toBe(true);
    const rows = await db.select().from(alerts).where(eq(alerts.dedupeKey, input.dedupeKey));
    expect(rows).toHaveLength(1);
    expect(rows[0].occurrences).toBe(6);
    const events = await db.select().from(outbox).where(eq(outbox.name, "alert/raised"));
    expect(events.filter((e) => e.data.alertId === first.id)).toHaveLength(1);

    await db.update(alerts).set({ status: "resolved" }).where(eq(alerts.id, first.id));
    const later = await raiseAlert(db, input);
    expect(later.isNew).toBe(true);
    expect(later.id).not.toBe(first.id);
  });

  it("rolls back with the transaction that raised it", async () => {
    await db
      .transaction(async (tx) => {
        await raiseAlert(tx, { severity: "low", source: "test", title: "never", dedupeKey: "rollback" });
        tx.rollback();
      })
      .catch(() => {});
    expect(await db.select().from(alerts).where(eq(alerts.dedupeKey, "rollback"))).toHaveLength(0);
  });
});

describe("openFollowUp", () => {
  it("returns the open follow-up for the same key and keeps the earlier due time", async () => {
    const soon = new Date(Date.now() + 3600_000),
      later = new Date(Date.now() + 86_400_000);
    const a = await openFollowUp(db, { kind: "refund_failed", title: "Retry refund", dueAt: later, dedupeKey: "fu:1" });
    const b = await openFollowUp(db, { kind: "refund_failed", title: "Retry refund", dueAt: soon, dedupeKey: "fu:1" });
    expect(a.isNew).toBe(true);
    expect(b).toEqual({ id: a.id, isNew: false });
    const [row] = await db.select().from(manualFollowUps).where(eq(manualFollowUps.id, a.id));
    expect(row.dueAt.getTime()).toBe(soon.getTime());
  });
});

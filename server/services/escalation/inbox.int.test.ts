import { TRPCError } from "@trpc/server";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { alerts, manualFollowUps, opsActionHistory, outbox } from "@/db/schema";
import { seedDemo } from "@/db/seed";
import { createTestDb } from "@/tests/db";
import { callerAs, sessions } from "@/tests/sessions";
import { escalate } from "./escalate";
import { openFollowUp } from "./open-follow-up";
import { raiseAlert } from "./raise-alert";

const db = await createTestDb();
const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => "OK",
    (e) => (e instanceof TRPCError ? e.code : String(e)),
  );
const ops = callerAs(db, sessions.ops("founder@example.com"));
let bookingId: string;

beforeAll(async () => {
  await seedDemo(db, { bookings: 60 });
  [{ id: bookingId }] = await db.execute<{ id: string }>(sql`select id from bookings limit 1`);
});

describe("alerts inbox", () => {
  it("acknowledge then resolve: who and when on the alert, in its history and events; repeats change nothing", async () => {
    const a = await raiseAlert(db, { severity: "critical", source: "test", title: "Inbox alert", bookingId });
    const acked = await ops.ops.alerts.acknowledge({ alertId: a.id });
    expect(acked).toMatchObject({ status: "acknowledged", acknowledgedBy: "founder@example.com" });
    const twice = await Promise.all([
      ops.ops.alerts.acknowledge({ alertId: a.id }),
      ops.ops.alerts.acknowledge({ alertId: a.id }),
    ]);
    expect(twice.every((t) => t.acknowledgedAt!.getTime() === acked.acknowledgedAt!.getTime())).toBe(true);
    const resolved = await ops.ops.alerts.resolve({ alertId: a.id, note: "Provider confirmed it was a glitch" });
    expect(resolved).toMatchObject({ status: "resolved", resolvedBy: "founder@example.com" });
    const history = await ops.ops.alerts.history({ alertId: a.id });
    expect(history.map((h) => [h.action, h.actor, h.note])).toEqual([
      ["resolved", "founder@example.com", "Provider confirmed it was a glitch"],
      ["acknowledged", "founder@example.com", null],
    ]);
    const events = await db
      .select({ name: outbox.name })
      .from(outbox)
      .where(sql`${outbox.data}->>'alertId' = ${a.id}`);
    expect(events.map((e) => e.name).sort()).toEqual(["alert/acknowledged", "alert/raised", "alert/resolved"]);
    // Resolving an open alert acknowledges it too.
    const b = await raiseAlert(db, { severity: "low", source: "test", title: "Straight to resolved" });
    expect(await ops.ops.alerts.resolve({ alertId: b.id })).toMatchObject({
      status: "resolved",
      acknowledgedBy: "founder@example.com",
    });
  });

  it("filters by severity and status", async () => {
    await raiseAlert(db, { severity: "high", source: "test", title: "Filter me" });
    const { rows: high } = await ops.ops.alerts.list({ severity: ["high"], status: ["open"] });
    expect(high.length).toBeGreaterThan(0);
    expect(high.every((a) => a.severity === "high" && a.status === "open")).toBe(true);
    const { rows: resolved } = await ops.ops.alerts.list({ status: ["resolved"] });
    expect(resolved.every((a) => a.status === "resolved")).toBe(true);
    expect(await codeOf(ops.ops.alerts.list({ severity: ["urgent" as "high"] }))).toBe("BAD_REQUEST");
    // An escalated alert shows the channels it goes out on.
    const e = await escalate(db, { ruleId: "refund_failed", subjectKey: "inbox-test", title: "Refund failed (inbox)" });
    const [row] = (await ops.ops.alerts.list({ severity: ["high"] })).rows.filter((a) => a.id === e.alertId);
    expect(row.notifications).toEqual([
      { channel: "email", status: "pending", error: null },
      { channel: "slack", status: "pending", error: null },
    ]);
  });

  it("an unknown alert is not found; bad ids are 400", async () => {
    expect(await codeOf(ops.ops.alerts.acknowledge({ alertId: crypto.randomUUID() }))).toBe("NOT_FOUND");
    expect(await codeOf(ops.ops.alerts.resolve({ alertId: "nope" }))).toBe("BAD_REQUEST");
  });
});

describe("follow-ups", () => {
  it("assign an owner and a due time, then resolve with a note (required), once", async () => {
    const f = await openFollowUp(db, {
      kind: "test",
      title: "Call the hotel",
      dueAt: new Date(Date.now() + 3600_000),
      bookingId,
    });
    const due = new Date(Date.now() + 2 * 3600_000);
    expect(await ops.ops.followUps.update({ followUpId: f.id, owner: "ana@ops.test", dueAt: due })).toMatchObject({
      owner: "ana@ops.test",
      dueAt: due,
    });
    expect(await codeOf(ops.ops.followUps.resolve({ followUpId: f.id, note: "  " }))).toBe("BAD_REQUEST");
    // Two clicks at once: one resolution wins, the other sees it and changes nothing.
    const done = await Promise.all([
      ops.ops.followUps.resolve({ followUpId: f.id, note: "Hotel holds the room" }),
      ops.ops.followUps.resolve({ followUpId: f.id, note: "Hotel holds the room (2)" }),
    ]);
    expect(done[0].resolution).toBe(done[1].resolution);
    const [row] = await db.select().from(manualFollowUps).where(eq(manualFollowUps.id, f.id));
    expect(row).toMatchObject({ resolved: true, resolvedBy: "founder@example.com", resolution: done[0].resolution });
    const history = await db.select().from(opsActionHistory).where(eq(opsActionHistory.subjectId, f.id));
    expect(history.map((h) => h.action).sort()).toEqual(["resolved", "updated"]);
    expect(await codeOf(ops.ops.followUps.update({ followUpId: f.id, owner: "x" }))).toBe("CONFLICT");
    const { rows: mine } = await ops.ops.followUps.list({ state: "resolved", bookingId });
    expect(mine.map((m) => m.id)).toContain(f.id);
    expect((await ops.ops.followUps.list({ owner: "ana@ops.test" })).rows.map((m) => m.id)).not.toContain(f.id); // open only by default
  });
});

describe("roles", () => {
  it("travelers, guests and the signed-out are refused every inbox and dashboard procedure", async () => {
    const [a] = await db.select({ id: alerts.id }).from(alerts).limit(1);
    const [f] = await db.select({ id: manualFollowUps.id }).from(manualFollowUps).limit(1);
    for (const [session, code] of [
      [sessions.traveler(crypto.randomUUID(), "t@example.test"), "FORBIDDEN"],
      [sessions.guest(bookingId), "FORBIDDEN"],
      [null, "UNAUTHORIZED"],
    ] as const) {
      const api = callerAs(db, session);
      expect(await codeOf(api.ops.alerts.acknowledge({ alertId: a.id }))).toBe(code);
      expect(await codeOf(api.ops.alerts.resolve({ alertId: a.id }))).toBe(code);
      expect(await codeOf(api.ops.followUps.resolve({ followUpId: f.id, note: "x" }))).toBe(code);
      expect(await codeOf(api.ops.followUps.update({ followUpId: f.id, owner: "me" }))).toBe(code);
      expect(await codeOf(api.ops.alerts.list({}))).toBe(code);
      expect(await codeOf(api.ops.dashboard.overview())).toBe(code);
    }
    const [after] = await db.select().from(alerts).where(eq(alerts.id, a.id));
    expect(after.acknowledgedBy === null || after.acknowledgedBy === "founder@example.com").toBe(true);
    expect(await codeOf(ops.ops.dashboard.overview())).toBe("OK");
  });
});

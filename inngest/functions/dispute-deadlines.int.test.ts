// The dispute-deadline function on the local Inngest-compatible server: each threshold alerts once
// per dispute (even after a human resolved the alert), submitted disputes are left alone, and
// concurrent checks alert once.
import { and, eq, like } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { alerts, disputes, manualFollowUps, outbox } from "@/db/schema";
import { getJobRun, listJobFunctions, runCronNow } from "@/server/jobs/console";
import { waitFor } from "@/tests/job-harness";
import { checkDisputeDeadlines, deadlineStage } from "@/server/services/disputes/check-deadlines";
import { insertDisputableBooking } from "@/tests/fixtures/disputes";
import { createTestDb } from "@/tests/db";
import { startLocalApp } from "../local-app";

const db = await createTestDb();
const { close } = await startLocalApp(db, { only: ["dispute-deadlines"] });
afterAll(() => close());
const HOUR = 3_600_000;

async function dispute(dueInHours: number, extra: Partial<typeof disputes.$inferInsert> = {}) {
  const b = await insertDisputableBooking(db, { withComms: false });
  const [d] = await db
    .insert(disputes)
    .values({
      bookingId: b.bookingId,
      paymentTransactionId: b.paymentId,
      stripeDisputeId: `dp_deadline_${b.reference}`,
      amountMinor: 80_000,
      currency: "EUR",
      status: "needs_response",
      evidenceDueBy: new Date(Date.now() + dueInHours * HOUR),
      ...extra,
    })
    .returning();
  return d;
}
const alertsOf = (id: string) =>
  db
    .select()
    .from(alerts)
    .where(like(alerts.dedupeKey, `dispute_deadline:${id}:%`));
const followUpsOf = (id: string) =>
  db
    .select()
    .from(manualFollowUps)
    .where(eq(manualFollowUps.dedupeKey, `dispute_evidence:${id}`));

async function runNow() {
  const fn = (await listJobFunctions(db)).find((f) => f.name === "Dispute evidence deadlines" && !f.removed)!;
  expect(fn.cron).toBe("*/5 * * * *");
  const runId = await runCronNow(db, fn.id);
  const run = await waitFor(
    async () => {
      const r = await getJobRun(db, runId);
      return r && ["completed", "failed"].includes(r.status) ? r : null;
    },
    30_000,
    "deadline run",
  );
  expect(run.status).toBe("completed");
  return run.output as Record<string, number>;
}

describe("deadline stages (pure)", () => {
  it("72 h, 24 h and past due, boundaries included", () => {
    const now = new Date("2031-01-10T12:00:00Z");
    const at = (h: number) => new Date(now.getTime() + h * HOUR);
    expect(deadlineStage(at(72.01), now)).toBeNull();
    expect(deadlineStage(at(72), now)).toBe("due_72h");
    expect(deadlineStage(at(24.01), now)).toBe("due_72h");
    expect(deadlineStage(at(24), now)).toBe("due_24h");
    expect(deadlineStage(at(0.001), now)).toBe("due_24h");
    expect(deadlineStage(at(0), now)).toBe("past_due");
  });
});

describe("dispute-deadlines function", () => {
  it("alerts each threshold once: high at 72 h, critical + follow-up at 24 h, past due marked and escalated", async () => {
    const far = await dispute(100),
      near = await dispute(60),
      close24 = await dispute(10),
      past = await dispute(-2);
    const submitted = await dispute(10, {
      evidenceSubmitted: true,
      evidenceSubmittedAt: new Date(),
      status: "under_review",
    });
    const output = await runNow();
    expect(output).toEqual({ due_72h: 1, due_24h: 1, past_due: 1 });

    expect(await alertsOf(far.id)).toHaveLength(0);
    expect(await alertsOf(submitted.id)).toHaveLength(0);
    const [a72] = await alertsOf(near.id);
    expect(a72).toMatchObject({ severity: "high", source: "dispute_deadline", bookingId: near.bookingId });
    expect(a72.title).toMatch(/due in (59|60) h/);
    expect(await followUpsOf(near.id)).toHaveLength(0);

    const [a24] = await alertsOf(close24.id);
    expect(a24.severity).toBe("critical");
    const [f24] = await followUpsOf(close24.id);
    expect(f24).toMatchObject({ priority: "critical", alertId: a24.id, kind: "dispute_evidence" });
    expect(f24.dueAt.getTime()).toBe(close24.evidenceDueBy!.getTime());

    const [aPast] = await alertsOf(past.id);
    expect(aPast.severity).toBe("critical");
    expect(aPast.title).toContain("deadline passed");
    const [row] = await db.select().from(disputes).where(eq(disputes.id, past.id));
    expect(row).toMatchObject({ deadlineStage: "past_due", priority: "critical" });
    expect(
      await db
        .select()
        .from(outbox)
        .where(and(eq(outbox.name, "dispute/deadline_passed"))),
    ).toHaveLength(1);

    // Again: nothing new, even after a human resolved the 72 h alert.
    await db.update(alerts).set({ status: "resolved", resolvedAt: new Date() }).where(eq(alerts.id, a72.id));
    expect(await runNow()).toEqual({ due_72h: 0, due_24h: 0, past_due: 0 });
    expect(await alertsOf(near.id)).toHaveLength(1);

    // Time passes for the 60 h one: it reaches 24 h and alerts at that stage only.
    await db
      .update(disputes)
      .set({ evidenceDueBy: new Date(Date.now() + 5 * HOUR) })
      .where(eq(disputes.id, near.id));
    expect(await runNow()).toEqual({ due_72h: 0, due_24h: 1, past_due: 0 });
    expect((await alertsOf(near.id)).map((a) => a.dedupeKey).sort()).toEqual([
      `dispute_deadline:${near.id}:due_24h`,
      `dispute_deadline:${near.id}:due_72h`,
    ]);
  }, 90_000);

  it("concurrent checks alert once per stage", async () => {
    const d = await dispute(30);
    const now = new Date();
    const runs = await Promise.all(Array.from({ length: 6 }, () => checkDisputeDeadlines(db, { now })));
    expect(runs.reduce((s, r) => s + r.due_72h, 0)).toBe(1);
    expect(await alertsOf(d.id)).toHaveLength(1);
  });
});

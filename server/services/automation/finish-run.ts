import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { automationRuns } from "@/db/schema";
import { openFollowUp } from "@/server/services/escalation/open-follow-up";
import { raiseAlert } from "@/server/services/escalation/raise-alert";
import { recordEvent } from "@/server/services/events/record-event";

const HOUR = 3_600_000;

/** A run whose actions all went through. Only a started run moves (a replayed step changes nothing). */
export async function completeRun(db: Db, runId: string) {
  return db.transaction(async (tx) => {
    const [r] = await tx
      .update(automationRuns)
      .set({ status: "completed", finishedAt: new Date() })
      .where(and(eq(automationRuns.id, runId), eq(automationRuns.status, "started")))
      .returning();
    if (r)
      await recordEvent(tx, "automation/run_completed", {
        runId,
        ruleId: r.ruleId,
        bookingId: r.bookingId,
        eventId: r.eventId,
      });
    return { completed: Boolean(r) };
  });
}

/**
 * A run that failed (spec: "escalate for manual handling"): the run is marked failed with the
 * error and the action that failed, and a human gets an alert and a follow-up, one of each per
 * rule and booking while open (a rule failing on every event of a booking does not flood the inbox).
 */
export async function failRun(
  db: Db,
  runId: string,
  failure: { error: string; actionIndex?: number; actionType?: string },
) {
  return db.transaction(async (tx) => {
    const [r] = await tx.select().from(automationRuns).where(eq(automationRuns.id, runId)).for("update");
    if (!r) return { failed: false };
    if (r.status === "started") {
      await tx
        .update(automationRuns)
        .set({ status: "failed", error: failure.error.slice(0, 2000), finishedAt: new Date() })
        .where(eq(automationRuns.id, runId));
      await recordEvent(tx, "automation/run_failed", {
        runId,
        ruleId: r.ruleId,
        bookingId: r.bookingId,
        eventId: r.eventId,
        error: failure.error.slice(0, 500),
      });
    }
    return { failed: true, ...(await escalateRun(tx, r, failure)) };
  });
}

/** Escalates a failed run (also one that failed when it started: a malformed rule). */
async function escalateRun(
  db: Db | Tx,
  r: typeof automationRuns.$inferSelect,
  failure: { error: string; actionIndex?: number; actionType?: string },
) {
  const key = `automation_failed:${r.ruleId}:${r.bookingId ?? "none"}`;
  const what = failure.actionType ? `action ${failure.actionType}` : "the rule";
  const details = {
    ruleId: r.ruleId,
    runId: r.id,
    eventId: r.eventId,
    eventName: r.eventName,
    actionIndex: failure.actionIndex ?? null,
    error: failure.error.slice(0, 1000),
  };
  const alert = await raiseAlert(db, {
    severity: "high",
    source: "automation_failed",
    title: `Automation ${r.ruleId} failed at ${what}: ${failure.error}`.slice(0, 250),
    details,
    bookingId: r.bookingId,
    dedupeKey: key,
  });
  const followUp = await openFollowUp(db, {
    kind: "automation_failed",
    title: `Finish by hand what ${r.ruleId} could not do (${what})`.slice(0, 250),
    dueAt: new Date(Date.now() + 4 * HOUR),
    priority: "high",
    bookingId: r.bookingId,
    alertId: alert.id,
    dedupeKey: key,
    details,
  });
  return { alertId: alert.id, followUpId: followUp.id };
}

/**
 * The engine's function failed as a whole (its retries spent on a step that could not finish,
 * such as the database going away mid-run): every run of that event still `started` fails and is
 * escalated, so none stays started forever. If no run was recorded (the matching step itself
 * failed), a human is alerted about the event, since its rules did not act.
 */
export async function failUnfinishedRuns(
  db: Db,
  event: { id: string; name: string; bookingId: string | null },
  error: string,
) {
  const open = await db
    .select({ id: automationRuns.id })
    .from(automationRuns)
    .where(and(eq(automationRuns.eventId, event.id), eq(automationRuns.status, "started")));
  for (const r of open) await failRun(db, r.id, { error });
  const [any] = await db
    .select({ id: automationRuns.id })
    .from(automationRuns)
    .where(eq(automationRuns.eventId, event.id))
    .limit(1);
  if (!any) {
    await db.transaction((tx) =>
      raiseAlert(tx, {
        severity: "high",
        source: "automation_failed",
        title: `Automation could not match its rules on ${event.name}: ${error}`.slice(0, 250),
        details: { eventId: event.id, eventName: event.name, error: error.slice(0, 1000) },
        bookingId: event.bookingId,
        dedupeKey: `automation_failed:event:${event.id}`,
      }),
    );
  }
  return { failed: open.length };
}

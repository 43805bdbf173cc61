import { and, eq, ne } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { alerts, manualFollowUps, opsActionHistory } from "@/db/schema";
import { recordEvent } from "@/server/services/events/record-event";

const SYSTEM = "system";

/**
 * The system fixed what it escalated (a retry completed the cancellation, the refund went through
 * after all): the open alert and follow-up raised under this key are resolved with a note saying
 * how, in the same transaction as the fix, so the founder's inbox holds only what still needs them.
 */
export async function settleEscalation(tx: Db | Tx, dedupeKey: string, note: string) {
  const now = new Date();
  const settled = await tx.update(alerts).set({
    status: "resolved", resolvedAt: now, resolvedBy: SYSTEM,
  }).where(and(eq(alerts.dedupeKey, dedupeKey), ne(alerts.status, "resolved"))).returning({ id: alerts.id });
  const closed = await tx.update(manualFollowUps).set({ resolved: true, resolvedAt: now, resolvedBy: SYSTEM, resolution: note })
    .where(and(eq(manualFollowUps.dedupeKey, dedupeKey), eq(manualFollowUps.resolved, false))).returning({ id: manualFollowUps.id, bookingId: manualFollowUps.bookingId });
  for (const a of settled) {
    await tx.insert(opsActionHistory).values({ subject: "alert", subjectId: a.id, action: "resolved", actor: SYSTEM, note });
    await recordEvent(tx, "alert/resolved", { alertId: a.id, by: SYSTEM });
  }
  for (const f of closed) {
    await tx.insert(opsActionHistory).values({ subject: "follow_up", subjectId: f.id, action: "resolved", actor: SYSTEM, note });
    await recordEvent(tx, "follow_up/resolved", { followUpId: f.id, bookingId: f.bookingId, by: SYSTEM });
  }
  return { alerts: settled.length, followUps: closed.length };
}

import { and, eq, ne, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { alerts, manualFollowUps } from "@/db/schema";
import { recordAlertResolved } from "./alert-actions";
import { recordFollowUpResolved } from "./follow-up-actions";

const SYSTEM = "system";

/**
 * The system fixed what it escalated (a retry completed the cancellation, the refund went through
 * after all): the open alert and follow-up raised under this key are resolved with a note saying
 * how, in the same transaction as the fix, so the founder's inbox holds only what still needs them.
 */
export async function settleEscalation(tx: Db | Tx, dedupeKey: string, note: string) {
  const now = new Date();
  const settled = await tx
    .update(alerts)
    .set({
      status: "resolved",
      resolvedAt: now,
      resolvedBy: SYSTEM,
      acknowledgedAt: sql`coalesce(${alerts.acknowledgedAt}, ${now.toISOString()}::timestamptz)`,
      acknowledgedBy: sql`coalesce(${alerts.acknowledgedBy}, ${SYSTEM})`,
    })
    .where(and(eq(alerts.dedupeKey, dedupeKey), ne(alerts.status, "resolved")))
    .returning({ id: alerts.id });
  const closed = await tx
    .update(manualFollowUps)
    .set({ resolved: true, resolvedAt: now, resolvedBy: SYSTEM, resolution: note })
    .where(and(eq(manualFollowUps.dedupeKey, dedupeKey), eq(manualFollowUps.resolved, false)))
    .returning({ id: manualFollowUps.id, bookingId: manualFollowUps.bookingId });
  for (const a of settled) await recordAlertResolved(tx, a.id, SYSTEM, note);
  for (const f of closed) await recordFollowUpResolved(tx, f, SYSTEM, note);
  return { alerts: settled.length, followUps: closed.length };
}

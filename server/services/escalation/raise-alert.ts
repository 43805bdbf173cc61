import { sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { alerts } from "@/db/schema";
import type { Severity } from "@/server/domain/statuses";
import { recordEvent } from "@/server/services/events/record-event";

export type RaiseAlertInput = {
  severity: Severity;
  source: string;
  title: string;
  details?: Record<string, unknown>;
  bookingId?: string | null;
  /** While an alert with this key is unresolved, raising it again counts an occurrence instead. */
  dedupeKey?: string;
};

/**
 * The one way to raise an alert. Run it in the transaction of the change that caused it; a new
 * alert (not a repeat) also records `alert/raised` for the escalation channels.
 */
export async function raiseAlert(tx: Db | Tx, input: RaiseAlertInput) {
  const values = {
    severity: input.severity,
    source: input.source,
    title: input.title,
    details: input.details ?? {},
    bookingId: input.bookingId ?? null,
    dedupeKey: input.dedupeKey ?? null,
  };
  const [row] = input.dedupeKey
    ? await tx
        .insert(alerts)
        .values(values)
        .onConflictDoUpdate({
          target: alerts.dedupeKey,
          targetWhere: sql`status <> 'resolved' AND dedupe_key IS NOT NULL`,
          set: { occurrences: sql`${alerts.occurrences} + 1`, lastSeenAt: sql`now()`, details: values.details },
        })
        .returning({ id: alerts.id, occurrences: alerts.occurrences })
    : await tx.insert(alerts).values(values).returning({ id: alerts.id, occurrences: alerts.occurrences });
  const isNew = row.occurrences === 1;
  if (isNew)
    await recordEvent(tx, "alert/raised", {
      alertId: row.id,
      severity: input.severity,
      source: input.source,
      bookingId: values.bookingId,
    });
  return { id: row.id, isNew };
}

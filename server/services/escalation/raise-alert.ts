import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
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

/** A new alert joins an open (unacknowledged) group of its source and severity last seen this recently. */
export const ALERT_GROUP_WINDOW_MINUTES = 15;

/**
 * The one way to raise an alert. Run it in the transaction of the change that caused it. A new
 * alert of the same source and severity as an open one seen within the window is folded into it
 * (`groupId`; the group's first alert counts it in `groupSize`), so a burst (239 disputes on charges
 * not ours) is one alert that lists every booking it covers. Only a group's first alert records
 * `alert/raised`, so the escalation channels go out once per group.
 */
export async function raiseAlert(db: Db | Tx, input: RaiseAlertInput) {
  const values = {
    severity: input.severity,
    source: input.source,
    title: input.title,
    details: input.details ?? {},
    bookingId: input.bookingId ?? null,
    dedupeKey: input.dedupeKey ?? null,
  };
  return db.transaction(async (tx) => {
    // Raisers of one source and severity take turns, so a burst forms one group, not several.
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`alert_group:${input.source}:${input.severity}`}, 0))`,
    );
    const [group] = await tx
      .select({ id: alerts.id })
      .from(alerts)
      .where(
        and(
          eq(alerts.source, input.source),
          eq(alerts.severity, input.severity),
          eq(alerts.status, "open"),
          isNull(alerts.groupId),
          gt(alerts.lastSeenAt, sql`now() - make_interval(mins => ${ALERT_GROUP_WINDOW_MINUTES})`),
        ),
      )
      .orderBy(desc(alerts.lastSeenAt))
      .limit(1);
    const insert = tx.insert(alerts).values({ ...values, groupId: group?.id ?? null });
    const [row] = input.dedupeKey
      ? await insert
          .onConflictDoUpdate({
            target: alerts.dedupeKey,
            targetWhere: sql`status <> 'resolved' AND dedupe_key IS NOT NULL`,
            set: { occurrences: sql`${alerts.occurrences} + 1`, lastSeenAt: sql`now()`, details: values.details },
          })
          .returning({ id: alerts.id, occurrences: alerts.occurrences, groupId: alerts.groupId })
      : await insert.returning({ id: alerts.id, occurrences: alerts.occurrences, groupId: alerts.groupId });
    if (row.occurrences > 1) return { id: row.id, isNew: false, groupId: row.groupId ?? row.id };
    if (group) {
      await tx
        .update(alerts)
        .set({ groupSize: sql`${alerts.groupSize} + 1`, lastSeenAt: sql`now()` })
        .where(eq(alerts.id, group.id));
      return { id: row.id, isNew: false, groupId: group.id };
    }
    await recordEvent(tx, "alert/raised", {
      alertId: row.id,
      severity: input.severity,
      source: input.source,
      bookingId: values.bookingId,
    });
    return { id: row.id, isNew: true, groupId: row.id };
  });
}

/** The alert a founder sees for this one: its group's first alert while that is unresolved, else itself. */
export async function shownAlertId(tx: Db | Tx, alertId: string): Promise<string> {
  const [r] = await tx.execute<{ id: string }>(sql`
    select coalesce(g.id, a.id) as id from alerts a
    left join alerts g on g.id = a.group_id and g.status <> 'resolved' where a.id = ${alertId}`);
  return r?.id ?? alertId;
}

/** SQL: the alert `a` stands on its own in the inbox and the counts (not hidden inside an unresolved group). */
export const shownAlert = (a: string) =>
  sql.raw(
    `(${a}.group_id is null or not exists (select 1 from alerts g where g.id = ${a}.group_id and g.status <> 'resolved'))`,
  );

import { type Actor, actorFromLabel, actorLabel } from "@/server/domain/actor";
import { and, desc, eq, inArray, ne, or, type SQL, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { alerts, bookings, localSlackMessages, opsActionHistory } from "@/db/schema";
import { DomainError } from "@/server/domain/errors";
import { keysetPage, type PageRequest, pageRequest } from "@/server/domain/page-cursor";
import type { Severity } from "@/server/domain/statuses";
import { recordEvent } from "@/server/services/events/record-event";
import { keyset } from "@/server/services/paging/keyset";
import { countOf, queueTop } from "@/server/services/paging/queue";
import { shownAlert } from "./raise-alert";

/**
 * Acknowledge ("I am on it") or resolve an alert: the row locked, who and when on the alert and in
 * its history, and the event, in one transaction. Repeating an action changes nothing (a double
 * click); resolving an unacknowledged alert acknowledges it too.
 */
export async function actOnAlert(
  db: Db,
  input: { alertId: string; action: "acknowledge" | "resolve"; actor: Actor; note?: string | null },
) {
  return db.transaction(async (tx) => {
    const [a] = await tx.select().from(alerts).where(eq(alerts.id, input.alertId)).for("update");
    if (!a) throw new DomainError("not_found", "No such alert");
    const now = new Date();
    if (input.action === "acknowledge") {
      if (a.status !== "open") return a;
      const [row] = await tx
        .update(alerts)
        .set({ status: "acknowledged", acknowledgedAt: now, acknowledgedBy: actorLabel(input.actor) })
        .where(eq(alerts.id, a.id))
        .returning();
      await tx
        .update(alerts)
        .set({ status: "acknowledged", acknowledgedAt: now, acknowledgedBy: actorLabel(input.actor) })
        .where(and(eq(alerts.groupId, a.id), eq(alerts.status, "open")));
      await history(tx, a.id, "acknowledged", input.actor, input.note);
      await recordEvent(tx, "alert/acknowledged", { alertId: a.id, by: input.actor });
      return row;
    }
    if (a.status === "resolved") return a;
    const [row] = await tx
      .update(alerts)
      .set({
        status: "resolved",
        resolvedAt: now,
        resolvedBy: actorLabel(input.actor),
        acknowledgedAt: sql`coalesce(${alerts.acknowledgedAt}, ${now.toISOString()}::timestamptz)`,
        acknowledgedBy: sql`coalesce(${alerts.acknowledgedBy}, ${actorLabel(input.actor)})`,
      })
      // A group is acted on as one: its folded alerts with it (their events are the group's).
      .where(and(or(eq(alerts.id, a.id), eq(alerts.groupId, a.id)), ne(alerts.status, "resolved")))
      .returning()
      .then((rows) => rows.filter((r) => r.id === a.id));
    await recordAlertResolved(tx, a.id, actorLabel(input.actor), input.note);
    return row;
  });
}

const history = (tx: Tx, id: string, action: string, actor: Actor, note?: string | null) =>
  tx
    .insert(opsActionHistory)
    .values({ subject: "alert", subjectId: id, action, actor: actorLabel(actor), note: note ?? null });

/** An alert's resolution in its history and as `alert/resolved` (by a person, or by the system that fixed it). */
export async function recordAlertResolved(tx: Db | Tx, alertId: string, by: string, note?: string | null) {
  await tx
    .insert(opsActionHistory)
    .values({ subject: "alert", subjectId: alertId, action: "resolved", actor: by, note: note ?? null });
  await recordEvent(tx, "alert/resolved", { alertId, by: actorFromLabel(by) });
}

export type AlertFilter = {
  severity?: Severity[];
  status?: ("open" | "acknowledged" | "resolved")[];
} & Partial<PageRequest>;

/** The inbox shows this many of the queue; past it, how many more (up to QUEUE_COUNT_CAP) and "filter by severity". */

/** The inbox's two views: the queue of unresolved alerts, or a history (resolved, or any status) a page at a time. */
export const isAlertQueue = (status: AlertFilter["status"]) => !!status?.length && !status.includes("resolved");

/**
 * The inbox. Unresolved only (the default): the queue, most severe first, newest first, its top
 * QUEUE_SHOWN read straight from alerts_unresolved, with a capped count of the rest. Any view with
 * resolved alerts in it (resolved, all): keyset pages newest first (alerts_history).
 */
export async function listAlerts(db: Db, f: AlertFilter = {}) {
  const req = pageRequest(f);
  const filters = and(
    f.severity?.length ? inArray(alerts.severity, f.severity) : undefined,
    f.status?.length ? inArray(alerts.status, f.status) : undefined,
    shownAlert("alerts"),
  );
  if (isAlertQueue(f.status)) {
    // The partial index's own predicate, spelled out so the planner matches it whatever the status list.
    const where = and(sql`${alerts.status} <> 'resolved'`, filters);
    const top = await queueTop(
      (limit) =>
        alertRows(db).where(where).orderBy(desc(alerts.severity), desc(alerts.createdAt), desc(alerts.id)).limit(limit),
      (limit) =>
        countOf(
          db,
          db
            .select({ one: sql`1` })
            .from(alerts)
            .where(where)
            .limit(limit)
            .as("queued"),
        ),
    );
    return { view: "queue" as const, ...top, newer: null, older: null };
  }
  const page = keyset(req, alerts.createdAt, alerts.id);
  const rows = await alertRows(db, page.pageAt)
    .where(and(page.where, filters))
    .orderBy(...page.orderBy)
    .limit(page.limit);
  return {
    view: "history" as const,
    ...keysetPage(rows, req, (r) => ({ at: r.pageAt, id: r.id })),
    more: 0,
    moreIsCapped: false,
  };
}

/** An inbox row: the alert, its bookings (its own and its group's) and its notifications, each an index look-up. */
const alertRows = (db: Db, pageAt: SQL<string> = sql<string>`${alerts.createdAt}::text`) =>
  db
    .select({
      id: alerts.id,
      pageAt,
      severity: alerts.severity,
      source: alerts.source,
      title: alerts.title,
      status: alerts.status,
      occurrences: alerts.occurrences,
      /** How many alerts this one stands for (raise-alert.ts groups a burst of the same source and severity). */
      groupSize: alerts.groupSize,
      /** Every booking the alert covers: its own and those of the alerts folded into it. */
      bookings: sql<
        { id: string; reference: string }[]
      >`coalesce((select json_agg(json_build_object('id', gb.id, 'reference', gb.booking_reference) order by gb.booking_reference)
      from bookings gb where gb.id in (select m.booking_id from alerts m where m.id = ${alerts.id} or m.group_id = ${alerts.id})), '[]')`,
      createdAt: alerts.createdAt,
      lastSeenAt: alerts.lastSeenAt,
      responseDueAt: alerts.responseDueAt,
      acknowledgedAt: alerts.acknowledgedAt,
      acknowledgedBy: alerts.acknowledgedBy,
      resolvedAt: alerts.resolvedAt,
      resolvedBy: alerts.resolvedBy,
      bookingId: alerts.bookingId,
      reference: bookings.bookingReference,
      /** The escalation channels this alert went out on, and how each fared. */
      notifications: sql<
        { channel: string; status: string; error: string | null }[]
      >`coalesce((select json_agg(json_build_object('channel', n.channel, 'status', n.status, 'error', n.error) order by n.channel)
      from escalation_notifications n where n.alert_id = ${alerts.id}), '[]')`,
    })
    .from(alerts)
    .leftJoin(bookings, eq(bookings.id, alerts.bookingId))
    .$dynamic();

/** Who did what to an alert or follow-up, newest first. */
export const actionHistory = (db: Db, subjectId: string) =>
  db
    .select()
    .from(opsActionHistory)
    .where(eq(opsActionHistory.subjectId, subjectId))
    .orderBy(desc(opsActionHistory.createdAt));

/** What the local Slack channel received (no SLACK_WEBHOOK_URL set), newest first. */
export const listLocalSlackMessages = (db: Db, limit = 20) =>
  db.select().from(localSlackMessages).orderBy(desc(localSlackMessages.createdAt)).limit(limit);

import { type Actor, actorFromLabel, actorLabel } from "@/server/domain/actor";
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { bookings, manualFollowUps, opsActionHistory } from "@/db/schema";
import { DomainError } from "@/server/domain/errors";
import { keysetPage, type PageRequest, pageRequest } from "@/server/domain/page-cursor";
import { recordEvent } from "@/server/services/events/record-event";
import { keyset } from "@/server/services/paging/keyset";

/** Resolve a follow-up with a note saying what was done: locked, recorded, its event, one transaction. */
export async function resolveFollowUp(db: Db, input: { followUpId: string; note: string; actor: Actor }) {
  const note = input.note.trim();
  if (!note) throw new DomainError("invalid", "note: say what was done");
  return db.transaction(async (tx) => {
    const [f] = await tx.select().from(manualFollowUps).where(eq(manualFollowUps.id, input.followUpId)).for("update");
    if (!f) throw new DomainError("not_found", "No such follow-up");
    if (f.resolved) return f; // a double click resolves once
    const [row] = await tx
      .update(manualFollowUps)
      .set({ resolved: true, resolvedAt: new Date(), resolvedBy: actorLabel(input.actor), resolution: note })
      .where(eq(manualFollowUps.id, f.id))
      .returning();
    await recordFollowUpResolved(tx, f, actorLabel(input.actor), note);
    return row;
  });
}

/** A follow-up's resolution in its history and as `follow_up/resolved` (by a person, or by the system that fixed it). */
export async function recordFollowUpResolved(
  tx: Db | Tx,
  f: { id: string; bookingId: string | null },
  by: string,
  note: string,
) {
  await tx
    .insert(opsActionHistory)
    .values({ subject: "follow_up", subjectId: f.id, action: "resolved", actor: by, note });
  await recordEvent(tx, "follow_up/resolved", {
    followUpId: f.id,
    bookingId: f.bookingId,
    by: actorFromLabel(by),
  });
}

/** Give a follow-up an owner and/or a new due time (an open one only). */
export async function updateFollowUp(
  db: Db,
  input: { followUpId: string; owner?: string | null; dueAt?: Date; actor: Actor },
) {
  return db.transaction(async (tx) => {
    const [f] = await tx.select().from(manualFollowUps).where(eq(manualFollowUps.id, input.followUpId)).for("update");
    if (!f) throw new DomainError("not_found", "No such follow-up");
    if (f.resolved) throw new DomainError("conflict", "This follow-up is already resolved");
    const set: Partial<typeof manualFollowUps.$inferInsert> = {};
    const notes: string[] = [];
    if (input.owner !== undefined && input.owner !== f.owner) {
      set.owner = input.owner;
      notes.push(`owner: ${input.owner ?? "unassigned"}`);
    }
    if (input.dueAt && input.dueAt.getTime() !== f.dueAt.getTime()) {
      set.dueAt = input.dueAt;
      notes.push(`due: ${input.dueAt.toISOString()}`);
    }
    if (!notes.length) return f;
    const [row] = await tx.update(manualFollowUps).set(set).where(eq(manualFollowUps.id, f.id)).returning();
    await tx.insert(opsActionHistory).values({
      subject: "follow_up",
      subjectId: f.id,
      action: "updated",
      actor: actorLabel(input.actor),
      note: notes.join("; "),
    });
    await recordEvent(tx, "follow_up/updated", {
      followUpId: f.id,
      by: input.actor,
      owner: row.owner,
      dueAt: row.dueAt.toISOString(),
    });
    return row;
  });
}

export type FollowUpFilter = {
  state?: "open" | "resolved" | "all";
  owner?: string;
  bookingId?: string;
} & Partial<PageRequest>;

/**
 * Follow-ups a keyset page at a time: the open ones as a queue, soonest due first (overdue at the
 * top); resolved ones newest resolved first; all of them newest first. Each order is an index's
 * (follow_ups_open, follow_ups_resolved_history, follow_ups_history, and their per-owner twins).
 */
export async function listFollowUps(db: Db, f: FollowUpFilter = {}) {
  const state = f.state ?? "open";
  const req = pageRequest(f);
  const page =
    state === "open"
      ? keyset(req, manualFollowUps.dueAt, manualFollowUps.id, "soonest")
      : keyset(req, state === "resolved" ? manualFollowUps.resolvedAt : manualFollowUps.createdAt, manualFollowUps.id);
  const conds: (SQL | undefined)[] = [
    page.where,
    state === "open"
      ? sql`not ${manualFollowUps.resolved}`
      : state === "resolved"
        ? sql`${manualFollowUps.resolved}`
        : undefined,
    f.owner ? eq(manualFollowUps.owner, f.owner) : undefined,
    f.bookingId ? eq(manualFollowUps.bookingId, f.bookingId) : undefined,
  ];
  const rows = await db
    .select({
      id: manualFollowUps.id,
      pageAt: page.pageAt,
      kind: manualFollowUps.kind,
      title: manualFollowUps.title,
      priority: manualFollowUps.priority,
      owner: manualFollowUps.owner,
      dueAt: manualFollowUps.dueAt,
      resolved: manualFollowUps.resolved,
      resolvedAt: manualFollowUps.resolvedAt,
      resolvedBy: manualFollowUps.resolvedBy,
      resolution: manualFollowUps.resolution,
      alertId: manualFollowUps.alertId,
      bookingId: manualFollowUps.bookingId,
      reference: bookings.bookingReference,
      createdAt: manualFollowUps.createdAt,
    })
    .from(manualFollowUps)
    .leftJoin(bookings, eq(bookings.id, manualFollowUps.bookingId))
    .where(and(...conds))
    .orderBy(...page.orderBy)
    .limit(page.limit);
  return keysetPage(rows, req, (r) => ({ at: r.pageAt, id: r.id }));
}

import { sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { manualFollowUps } from "@/db/schema";
import type { Severity } from "@/server/domain/statuses";

export type OpenFollowUpInput = {
  kind: string;
  title: string;
  dueAt: Date;
  priority?: Severity;
  owner?: string | null;
  details?: Record<string, unknown>;
  bookingId?: string | null;
  alertId?: string | null;
  /** While a follow-up with this key is open, opening it again returns the same one. */
  dedupeKey?: string;
};

/** The one way to open a manual follow-up: a task for a human, with an owner and a due time. */
export async function openFollowUp(tx: Db | Tx, input: OpenFollowUpInput) {
  const values = {
    kind: input.kind,
    title: input.title,
    dueAt: input.dueAt,
    priority: input.priority ?? "medium",
    owner: input.owner ?? null,
    details: input.details ?? {},
    bookingId: input.bookingId ?? null,
    alertId: input.alertId ?? null,
    dedupeKey: input.dedupeKey ?? null,
  };
  if (!input.dedupeKey) {
    const [row] = await tx.insert(manualFollowUps).values(values).returning({ id: manualFollowUps.id });
    return { id: row.id, isNew: true };
  }
  // An earlier due time wins: a repeat of the problem never pushes the deadline back.
  const [row] = await tx
    .insert(manualFollowUps)
    .values(values)
    .onConflictDoUpdate({
      target: manualFollowUps.dedupeKey,
      targetWhere: sql`NOT resolved AND dedupe_key IS NOT NULL`,
      set: { dueAt: sql`least(${manualFollowUps.dueAt}, excluded.due_at)` },
    })
    .returning({ id: manualFollowUps.id, createdAt: manualFollowUps.createdAt, isNew: sql<boolean>`(xmax = 0)` });
  return { id: row.id, isNew: row.isNew };
}

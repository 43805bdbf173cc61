import { sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/db/client";
import type { Actor } from "@/server/domain/actor";
import type { TransitionContext } from "./types";

/** The instant to stamp: the caller's, else the transaction's now(). */
export const stamp = (ctx: Pick<TransitionContext, "at">) => ctx.at ?? sql`now()`;

/** One `booking_status_history` row: who (actor), why (reason), and the provider's data. */
export type HistoryRow = {
  bookingId: string;
  itemId?: string | null;
  from: string | null;
  to: string;
  reason: string;
  actor: Actor;
  providerEventType?: string | null;
  providerRawData?: unknown;
  ipAddress?: string | null;
  userAgent?: string | null;
  at?: Date | null;
};

/** Rows as a jsonb parameter for `jsonb_to_recordset`: one statement, however many rows. */
export const jsonRows = (rows: readonly object[]): SQL => sql`${JSON.stringify(rows)}::jsonb`;

/** The history fields of a transition's context (and nothing else a caller's input carries). */
export const historyContext = (c: TransitionContext) => ({
  actor: c.actor,
  reason: c.reason,
  providerEventType: c.providerEventType,
  providerRawData: c.providerRawData,
  ipAddress: c.ipAddress,
  userAgent: c.userAgent,
  at: c.at,
});

/** The statement that writes history rows, in the given order (null when there are none). */
export function historyInsert(rows: readonly HistoryRow[]): SQL | null {
  if (rows.length === 0) return null;
  // The one place an Actor is mapped to the database. Undefined fields are left out of the JSON:
  // jsonb_to_recordset reads a missing key as null.
  const values = rows.map((r) => ({
    booking_id: r.bookingId,
    item_id: r.itemId,
    from: r.from,
    to: r.to,
    reason: r.reason,
    changed_by: r.actor.kind,
    actor_id: r.actor.id,
    actor_rule_id: r.actor.ruleId,
    on_behalf_of: r.actor.onBehalfOf,
    event_type: r.providerEventType,
    raw: r.providerRawData,
    ip: r.ipAddress,
    ua: r.userAgent,
    at: r.at,
  }));
  return sql`
    insert into booking_status_history (booking_id, booking_item_id, from_status, to_status, changed_by, actor_id,
      actor_rule_id, on_behalf_of, change_reason, provider_event_type, provider_raw_data, ip_address, user_agent, created_at)
    select v.booking_id, v.item_id, v."from", v."to", v.changed_by::actor, v.actor_id, v.actor_rule_id, v.on_behalf_of,
      v.reason, v.event_type, v.raw, v.ip::inet, v.ua, coalesce(v.at, now())
    from jsonb_to_recordset(${jsonRows(values)}) as v(booking_id uuid, item_id uuid, "from" text, "to" text,
      changed_by text, actor_id text, actor_rule_id text, on_behalf_of text, reason text, event_type text, raw jsonb,
      ip text, ua text, at timestamptz)`;
}

/**
 * Runs data-modifying statements as one (all but the last as CTEs): PostgreSQL runs each exactly
 * once, so a writer's rows, history and events cost one round trip instead of three.
 */
export async function runAsOne(tx: Tx, statements: readonly (SQL | null)[]) {
  const parts = statements.filter((s): s is SQL => s !== null);
  if (parts.length === 0) return;
  const ctes = parts.slice(0, -1).map((p, i) => sql`${sql.raw(`w${i}`)} as (${p})`);
  await tx.execute(ctes.length ? sql`with ${sql.join(ctes, sql`, `)} ${parts.at(-1)}` : parts[0]);
}

import { type Actor, actorLabel } from "@/server/domain/actor";
import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { automationRules } from "@/db/schema";
import { conditionSchema, describeCondition } from "@/server/domain/automation";
import { DomainError } from "@/server/domain/errors";
import { recordEvent } from "@/server/services/events/record-event";

const LAST_RUNS = 5;

type RunView = {
  id: string;
  status: "started" | "completed" | "failed";
  eventName: string;
  eventId: string;
  bookingId: string | null;
  reference: string | null;
  error: string | null;
  actions: { index: number; type: string; outcome: string; detail: Record<string, unknown> }[];
  startedAt: string;
  finishedAt: string | null;
};

/** Every rule, readable (conditions as sentences), with its last runs and what each did. */
export async function listAutomationRules(db: Db) {
  const rules = await db.select().from(automationRules).orderBy(asc(automationRules.id));
  const runs = await db.execute<RunView & { rule_id: string }>(sql`
    select x.rule_id, x.id, x.status::text as status, x.event_name as "eventName", x.event_id as "eventId", x.booking_id as "bookingId",
      b.booking_reference as reference, x.error, x.actions, x.started_at as "startedAt", x.finished_at as "finishedAt"
    from automation_rules r
    cross join lateral (select * from automation_runs u where u.rule_id = r.id order by u.started_at desc limit ${LAST_RUNS}) x
    left join bookings b on b.id = x.booking_id
    order by x.started_at desc`);
  const counts = await db.execute<{ rule_id: string; status: string; n: number }>(sql`
    select rule_id, status::text as status, count(*)::int as n from automation_runs group by rule_id, status`);
  return rules.map((r) => {
    const parsed = conditionSchema.array().safeParse(r.conditions);
    return {
      id: r.id,
      description: r.description,
      trigger: r.trigger,
      event: r.event,
      enabled: r.enabled,
      updatedAt: r.updatedAt,
      updatedBy: r.updatedBy,
      conditions: parsed.success ? parsed.data.map(describeCondition) : [`(malformed) ${JSON.stringify(r.conditions)}`],
      actions: r.actions.map((a) => ({ type: a.type, params: a.params ?? {} })),
      totals: Object.fromEntries(counts.filter((c) => c.rule_id === r.id).map((c) => [c.status, c.n])) as Partial<
        Record<RunView["status"], number>
      >,
      lastRuns: runs
        .filter((x) => x.rule_id === r.id)
        .map(({ rule_id: _, ...x }) => ({
          ...x,
          startedAt: new Date(x.startedAt),
          finishedAt: x.finishedAt ? new Date(x.finishedAt) : null,
        })),
    };
  });
}

/**
 * The founder turns a rule on or off: the row locked, who and when recorded on it, and an event
 * for the audit trail, in one transaction. Setting what is already set changes nothing.
 */
export async function setAutomationRuleEnabled(db: Db, input: { ruleId: string; enabled: boolean; actor: Actor }) {
  return db.transaction(async (tx) => {
    const [r] = await tx.select().from(automationRules).where(eq(automationRules.id, input.ruleId)).for("update");
    if (!r) throw new DomainError("not_found", "No such automation rule", { field: "ruleId" });
    if (r.enabled === input.enabled)
      return { id: r.id, enabled: r.enabled, updatedAt: r.updatedAt, updatedBy: r.updatedBy, changed: false };
    const [row] = await tx
      .update(automationRules)
      .set({ enabled: input.enabled, updatedAt: new Date(), updatedBy: actorLabel(input.actor) })
      .where(eq(automationRules.id, r.id))
      .returning();
    await recordEvent(tx, input.enabled ? "automation/rule_enabled" : "automation/rule_disabled", {
      ruleId: r.id,
      by: input.actor,
    });
    return { id: row.id, enabled: row.enabled, updatedAt: row.updatedAt, updatedBy: row.updatedBy, changed: true };
  });
}

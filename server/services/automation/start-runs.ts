import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { automationRules, automationRuns, bookingItems, bookings, cancellationRequests } from "@/db/schema";
import { actionSchema, conditionSchema, evaluateConditions, type RuleAction } from "@/server/domain/automation";

export type AutomationEvent = { id: string; name: string; data: Record<string, unknown> };
/** `error`: the rule itself is malformed; the run was recorded failed and is to be escalated. */
export type StartedRun = {
  runId: string;
  ruleId: string;
  bookingId: string | null;
  actions: RuleAction[];
  error: string | null;
};

/**
 * The engine's first step for one event: every enabled rule on this event whose conditions hold
 * gets a `started` run, keyed by (rule, event id). A redelivered or replayed event finds its runs
 * already there and starts nothing: each rule acts once per event. Returns only the runs started
 * now, with the actions to run (as they were when the run started).
 */
export async function startMatchingRuns(db: Db, event: AutomationEvent, now: Date): Promise<StartedRun[]> {
  const rules = await db
    .select()
    .from(automationRules)
    .where(and(eq(automationRules.event, event.name), eq(automationRules.enabled, true)))
    .orderBy(automationRules.id);
  if (rules.length === 0) return [];
  const context = await contextFor(db, event);
  const bookingId = typeof context.booking?.id === "string" ? context.booking.id : null;
  const started: StartedRun[] = [];
  for (const rule of rules) {
    const conditions = conditionSchema.array().safeParse(rule.conditions);
    const actions = actionSchema.array().safeParse(rule.actions);
    // A malformed rule is a run that fails at once (escalated), not a silent skip.
    const verdict = conditions.success ? evaluateConditions(conditions.data, context, now) : null;
    if (verdict && !verdict.matched) continue;
    const error = !conditions.success
      ? `Rule conditions are malformed: ${conditions.error.message}`
      : !actions.success
        ? `Rule actions are malformed: ${actions.error.message}`
        : null;
    const [run] = await db
      .insert(automationRuns)
      .values({
        ruleId: rule.id,
        eventId: event.id,
        eventName: event.name,
        bookingId,
        status: error ? "failed" : "started",
        error,
        context: { ...context, conditions: verdict?.results ?? [] },
        startedAt: now,
        ...(error ? { finishedAt: now } : {}),
      })
      .onConflictDoNothing({ target: [automationRuns.ruleId, automationRuns.eventId] })
      .returning({ id: automationRuns.id });
    if (run) started.push({ runId: run.id, ruleId: rule.id, bookingId, actions: error ? [] : actions.data!, error });
  }
  return started;
}

type Context = {
  event: Record<string, unknown>;
  booking?: Record<string, unknown>;
  item?: Record<string, unknown>;
  cancellation?: Record<string, unknown>;
};

/** What conditions can look at: the event's data and the rows it names, as they are now (JSON: instants as ISO strings). */
async function contextFor(db: Db, event: AutomationEvent): Promise<Context> {
  const ctx: Context = { event: { ...event.data, name: event.name, id: event.id } };
  const str = (v: unknown) => (typeof v === "string" && /^[0-9a-f-]{36}$/i.test(v) ? v : null);
  const itemId = str(event.data.itemId),
    cancellationId = str(event.data.cancellationId);
  let bookingId = str(event.data.bookingId);
  if (itemId) {
    const [i] = await db
      .select({
        id: bookingItems.id,
        bookingId: bookingItems.bookingId,
        status: bookingItems.status,
        previousStatus: bookingItems.previousStatus,
        category: bookingItems.category,
        providerCode: bookingItems.providerCode,
        chargeShareMinor: bookingItems.chargeShareMinor,
        startAt: bookingItems.startAt,
        endAt: bookingItems.endAt,
        providerEventAt: bookingItems.providerEventAt,
        scheduleChangeDetectedAt: bookingItems.scheduleChangeDetectedAt,
      })
      .from(bookingItems)
      .where(eq(bookingItems.id, itemId));
    if (i) {
      ctx.item = toJson(i);
      bookingId ??= i.bookingId;
    }
  }
  if (cancellationId) {
    const [c] = await db
      .select({
        id: cancellationRequests.id,
        bookingId: cancellationRequests.bookingId,
        status: cancellationRequests.status,
        requestedBy: cancellationRequests.requestedBy,
        cancellationType: cancellationRequests.cancellationType,
        refundCalculation: cancellationRequests.refundCalculation,
        refundId: cancellationRequests.refundId,
        confirmedAt: cancellationRequests.confirmedAt,
        autoProcessed: cancellationRequests.autoProcessed,
      })
      .from(cancellationRequests)
      .where(eq(cancellationRequests.id, cancellationId));
    if (c) {
      ctx.cancellation = toJson(c);
      bookingId ??= c.bookingId;
    }
  }
  if (bookingId) {
    const [b] = await db
      .select({
        id: bookings.id,
        reference: bookings.bookingReference,
        status: bookings.status,
        currency: bookings.currency,
        paidMinor: bookings.paidMinor,
        refundedMinor: bookings.refundedMinor,
        travelStartAt: bookings.travelStartAt,
        travelEndAt: bookings.travelEndAt,
      })
      .from(bookings)
      .where(eq(bookings.id, bookingId));
    // travel_end_date: the spec's name for the same instant.
    if (b) ctx.booking = { ...toJson(b), travel_end_date: b.travelEndAt?.toISOString() ?? null };
  }
  return ctx;
}

const toJson = (v: object): Record<string, unknown> => JSON.parse(JSON.stringify(v));

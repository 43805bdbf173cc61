import { providerActor } from "@/server/domain/actor";
import { and, desc, eq, gte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alerts, automationRuns, bookingCommunications, providerWebhooks, refunds } from "@/db/schema";
import type { RuleAction } from "@/server/domain/automation";
import { DomainError } from "@/server/domain/errors";
import { severities, type Severity } from "@/server/domain/statuses";
import { completeEndedBookings } from "@/server/services/bookings/complete-ended-bookings";
import { cancelAtProvider, cancellationPlan } from "@/server/services/cancellations/process-cancellation";
import { queueReviewRequests } from "@/server/services/comms/daily-messages";
import { queueCommunication, type QueueInput } from "@/server/services/comms/queue-communication";
import { raiseAlert } from "@/server/services/escalation/raise-alert";
import { handleProviderCancellation } from "@/server/services/provider-events/handle-provider-cancellation";
import { processProviderWebhook } from "@/server/services/provider-events/process-webhook";
import { recordOwedRefund } from "@/server/services/provider-events/record-owed-refund";
import { payOutRefund } from "@/server/services/refunds/pay-out-refund";

/** done: it changed something; unchanged: what it asks for was already so (another path did it); skipped: nothing to act on. */
export type ActionOutcome = { outcome: "done" | "unchanged" | "skipped"; detail: Record<string, unknown> };

type Ctx = {
  /** The rule that decided (its run's rule_id): history names it. */
  ruleId: string;
  event: Record<string, unknown> & { id: string; name: string };
  booking?: { id: string; reference: string; currency: string };
  item?: {
    id: string;
    bookingId: string;
    category: string;
    providerCode: string;
    chargeShareMinor: number;
    providerEventAt: string | null;
    scheduleChangeDetectedAt: string | null;
  };
  cancellation?: {
    id: string;
    refundId: string | null;
    refundCalculation: {
      refundMinor: number;
      cancellationFeeMinor: number;
      processingFeeMinor: number;
      currency: string;
    } | null;
  };
};
type Handler = (db: Db, ctx: Ctx, params: Record<string, unknown>) => Promise<ActionOutcome>;

const invalid = (message: string, field = "actions") => new DomainError("invalid", message, { field });
const need = <T>(v: T | undefined, what: string): T => {
  if (!v) throw invalid(`This action needs ${what} in its event`);
  return v;
};
const done = (detail: Record<string, unknown>): ActionOutcome => ({ outcome: "done", detail });
const unchanged = (detail: Record<string, unknown>): ActionOutcome => ({ outcome: "unchanged", detail });
const skipped = (detail: Record<string, unknown>): ActionOutcome => ({ outcome: "skipped", detail });

// Must match the key handleProviderCancellation records with (recordOwedRefund: refund:<cause>:<item>).
const PROVIDER_CANCELLED = "provider_cancelled";
const providerRefundKey = (itemId: string) => `refund:${PROVIDER_CANCELLED}:${itemId}`;

/**
 * The fixed registry of actions. Each calls one existing service (no second copy of its logic) and
 * is idempotent, so an action that another path already performed reports `unchanged`.
 */
export const actionHandlers: Record<string, Handler> = {
  /** The provider's cancellation of the item, through the webhook path's own service: a repeat is a duplicate. */
  async cancel_item(db, ctx, params) {
    const item = need(ctx.item, "an item");
    const r = await handleProviderCancellation(db, {
      itemId: item.id,
      // The provider's own fact, applied by the rule: a repeat is a redelivery, not an error.
      actor: { ...providerActor(item.providerCode), ruleId: ctx.ruleId },
      reason: String(params.reason ?? "Provider cancelled"),
    });
    return r.applied
      ? done({ itemId: item.id, bookingStatus: r.bookingStatus, refundId: r.refundId, offerId: r.offerId })
      : unchanged({
          itemId: item.id,
          reason: r.reason === "duplicate" ? "already cancelled by the provider path" : r.reason,
        });
  },

  /** The item's whole share recorded as owed (same idempotency key as the webhook path). */
  async refund_in_full(db, ctx) {
    const item = need(ctx.item, "an item");
    const created = await db.transaction((tx) =>
      recordOwedRefund(tx, {
        itemId: item.id,
        cause: PROVIDER_CANCELLED,
        requestedBy: "provider",
        policy: "Provider cancelled: full refund",
      }),
    );
    const [r] = await db
      .select()
      .from(refunds)
      .where(eq(refunds.idempotencyKey, providerRefundKey(item.id)));
    if (!r) return skipped({ itemId: item.id, reason: "nothing owed (no charge or a free item)" });
    const detail = { refundId: r.id, amountMinor: r.amountMinor, currency: r.currency, status: r.status };
    return created ? done(detail) : unchanged({ ...detail, reason: "already recorded" });
  },

  /** Pays a pending refund now, through the refund path's claim (a refund already claimed or paid is left to it). */
  async process_refund(db, ctx) {
    let refundId = ctx.cancellation?.refundId ?? null;
    if (!refundId && ctx.item) {
      const [r] = await db
        .select({ id: refunds.id })
        .from(refunds)
        .where(eq(refunds.idempotencyKey, providerRefundKey(ctx.item.id)));
      refundId = r?.id ?? null;
    }
    if (!refundId) return skipped({ reason: "no refund to pay" });
    const [r] = await db.select({ status: refunds.status }).from(refunds).where(eq(refunds.id, refundId));
    if (r?.status !== "pending")
      return unchanged({ refundId, status: r?.status ?? "missing", reason: "the refund path already has it" });
    const paid = await payOutRefund(db, refundId);
    if (paid.status === "skipped")
      return unchanged({ refundId, status: paid.current, reason: "claimed by the refund path" });
    // retry_later / failed: the refund path owns retries and escalation; the rule did its part.
    return done({ ...paid });
  },

  async send_notification(db, ctx, params) {
    const template = String(params.template ?? "");
    const build = notificationTemplates[template];
    if (!build)
      throw invalid(
        `Unknown notification template "${template}" (known: ${Object.keys(notificationTemplates).join(", ")})`,
        "actions.params.template",
      );
    return build(db, ctx);
  },

  /** An alert for the founder, once per item (the webhook path raises the same key: no second one, no extra count). */
  async create_alert(db, ctx, params) {
    const item = need(ctx.item, "an item");
    const severity = String(params.severity ?? "high") as Severity;
    if (!severities.includes(severity)) throw invalid(`Unknown severity "${severity}"`, "actions.params.severity");
    const key = `${PROVIDER_CANCELLED}:${item.id}`;
    const [open] = await db
      .select({ id: alerts.id, status: alerts.status })
      .from(alerts)
      .where(eq(alerts.dedupeKey, key))
      .limit(1);
    if (open) return unchanged({ alertId: open.id, status: open.status, reason: "already raised" });
    const a = await raiseAlert(db, {
      severity,
      source: PROVIDER_CANCELLED,
      title: `${item.providerCode} cancelled the ${item.category} of ${ctx.booking?.reference ?? "a booking"}`,
      details: { itemId: item.id, ruleEvent: ctx.event.id },
      bookingId: item.bookingId,
      dedupeKey: key,
    });
    return done({ alertId: a.id });
  },

  /** The schedule change's new details, from the provider's webhook, applied by the webhook path's own service (in order, once). */
  async update_item_details(db, ctx, params) {
    const item = need(ctx.item, "an item");
    if (params.source !== undefined && params.source !== "webhook_payload")
      throw invalid(`Unknown details source "${String(params.source)}"`, "actions.params.source");
    const [w] = await db
      .select({ id: providerWebhooks.id, processed: providerWebhooks.processed })
      .from(providerWebhooks)
      .where(
        and(eq(providerWebhooks.bookingItemId, item.id), eq(providerWebhooks.eventType, "booking.schedule_changed")),
      )
      .orderBy(desc(providerWebhooks.receivedAt))
      .limit(1);
    if (!w)
      return skipped({
        itemId: item.id,
        reason: `no provider webhook: the change came from ${String(ctx.event.actor ?? "another path")}`,
      });
    // Usually the webhook function has applied it already (that is what moved the item): nothing to call.
    if (w.processed) return unchanged({ webhookId: w.id, reason: "already applied by the webhook path" });
    const r = await processProviderWebhook(db, w.id);
    return r.status === "processed" && r.applied
      ? done({ webhookId: w.id, ...r })
      : unchanged({ webhookId: w.id, ...r });
  },

  /** The completion job's own service: a second pass completes nothing twice. */
  async complete_ended_bookings(db, ctx) {
    const now = clockOf(ctx);
    let completed = 0;
    for (;;) {
      const r = await completeEndedBookings(db, { now, limit: 500 });
      completed += r.completed;
      if (r.completed < 500) break;
    }
    return completed ? done({ completed, at: now.toISOString() }) : unchanged({ completed, at: now.toISOString() });
  },

  /** Review requests through the comms job's service: the day after completion, from 9:00 local; one per booking. */
  async schedule_review_request(db, ctx, params) {
    if (params.delay_days !== undefined && params.delay_days !== 1)
      throw invalid("Review requests go out the day after completion (delay_days 1)", "actions.params.delay_days");
    const ids = await queueReviewRequests(db, clockOf(ctx));
    return ids.length ? done({ queued: ids.length }) : unchanged({ queued: 0 });
  },

  /** Whatever is still live at its provider, cancelled through the cancellation flow's own step (keyed per cancellation and item). */
  async cancel_with_providers(db, ctx) {
    const c = need(ctx.cancellation, "a cancellation");
    const plan = await cancellationPlan(db, c.id);
    if (plan.length === 0) return unchanged({ cancellationId: c.id, reason: "every provider has cancelled" });
    const results = [];
    for (const p of plan)
      results.push(...(await cancelAtProvider(db, { cancellationId: c.id, ...p, finalAttempt: false })));
    return done({ cancellationId: c.id, results: results.map((r) => ({ itemId: r.itemId, status: r.status })) });
  },
};

/** Notification templates: the message the services queue, with the dedupe key they use, so a message goes out once. */
const notificationTemplates: Record<string, (db: Db, ctx: Ctx) => Promise<ActionOutcome>> = {
  async provider_cancellation(db, ctx) {
    const item = need(ctx.item, "an item");
    const [r] = await db
      .select({ amountMinor: refunds.amountMinor, currency: refunds.currency })
      .from(refunds)
      .where(eq(refunds.idempotencyKey, providerRefundKey(item.id)));
    return queue(db, {
      bookingId: item.bookingId,
      type: "cancellation_notice",
      templateId: "provider_cancellation",
      dedupeKey: `provider_cancellation:${item.id}`,
      templateData: {
        itemIds: [item.id],
        refundMinor: r?.amountMinor ?? 0,
        feeMinor: 0,
        currency: r?.currency ?? ctx.booking?.currency,
        reason: `Cancelled by ${item.providerCode}`,
      },
    });
  },
  async schedule_change(db, ctx) {
    const item = need(ctx.item, "an item");
    // applyScheduleChange queues it in the change's own transaction; only a change made elsewhere lacks one.
    const since = item.scheduleChangeDetectedAt ? new Date(item.scheduleChangeDetectedAt) : null;
    const [told] = await db
      .select({ id: bookingCommunications.id })
      .from(bookingCommunications)
      .where(
        and(
          eq(bookingCommunications.bookingId, item.bookingId),
          eq(bookingCommunications.type, "schedule_change_alert"),
          sql`${bookingCommunications.templateData}->>'itemId' = ${item.id}`,
          since ? gte(bookingCommunications.createdAt, new Date(since.getTime() - 60_000)) : undefined,
        ),
      )
      .orderBy(desc(bookingCommunications.createdAt))
      .limit(1);
    if (told) return unchanged({ communicationId: told.id, reason: "already queued by the schedule-change service" });
    return queue(db, {
      bookingId: item.bookingId,
      type: "schedule_change_alert",
      templateData: { itemId: item.id, summary: "The provider changed the schedule" },
      dedupeKey: `schedule_change_alert:${item.id}:${item.providerEventAt ?? ctx.event.id}`,
    });
  },
  async cancellation_confirmation(db, ctx) {
    const c = need(ctx.cancellation, "a cancellation");
    const cancelled = Array.isArray(ctx.event.cancelled) ? (ctx.event.cancelled as string[]) : [];
    if (cancelled.length === 0) return skipped({ reason: "nothing was cancelled" });
    const q = c.refundCalculation;
    // processCancellation's own key: the confirmation it queued is this one.
    return queue(db, {
      bookingId: need(ctx.booking, "a booking").id,
      type: "cancellation_notice",
      dedupeKey: `cancellation_notice:${c.id}:${cancelled.length}`,
      templateData: {
        itemIds: cancelled,
        refundMinor: q?.refundMinor ?? 0,
        feeMinor: (q?.cancellationFeeMinor ?? 0) + (q?.processingFeeMinor ?? 0),
        currency: q?.currency,
      },
    });
  },
};

async function queue(db: Db, input: QueueInput): Promise<ActionOutcome> {
  const id = await db.transaction((tx) => queueCommunication(tx, input));
  return id
    ? done({ communicationId: id, type: input.type })
    : unchanged({ dedupeKey: input.dedupeKey, reason: "already queued" });
}

function clockOf(ctx: Ctx): Date {
  const at = typeof ctx.event.at === "string" ? new Date(ctx.event.at) : new Date();
  if (Number.isNaN(at.getTime())) throw invalid("The scheduled event's time is not an instant", "event.at");
  return at;
}

/**
 * Runs action `index` of a started run against the context the run was matched on, and logs what
 * it did in the run (replacing an earlier entry for the same index: a retried step logs once).
 */
export async function runAction(db: Db, runId: string, index: number, action: RuleAction): Promise<ActionOutcome> {
  const [run] = await db
    .select({ context: automationRuns.context, status: automationRuns.status, ruleId: automationRuns.ruleId })
    .from(automationRuns)
    .where(eq(automationRuns.id, runId));
  if (!run) throw new DomainError("not_found", `No automation run ${runId}`);
  // A run already failed or completed (its function replayed) acts no more.
  if (run.status !== "started") return { outcome: "skipped", detail: { run: run.status } };
  const handler = actionHandlers[action.type];
  if (!handler)
    throw invalid(`Unknown action "${action.type}" (known: ${Object.keys(actionHandlers).join(", ")})`, "actions.type");
  const result = await handler(
    db,
    { ...(run.context as Omit<Ctx, "ruleId">), ruleId: run.ruleId },
    action.params ?? {},
  );
  const entry = { index, type: action.type, ...result };
  await db.execute(sql`update automation_runs set actions = coalesce((select jsonb_agg(e order by (e->>'index')::int) from jsonb_array_elements(actions) e
    where (e->>'index')::int <> ${index}), '[]'::jsonb) || jsonb_build_array(${JSON.stringify(entry)}::jsonb) where id = ${runId}`);
  return result;
}

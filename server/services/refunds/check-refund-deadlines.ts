// The legal-deadline sweep over unpaid refunds (`refunds.due_by`, refund-due-by.ts): a medium alert
// when the due date is near, a critical one with a follow-up once it has passed. Each stage alerts
// once per refund: the stage is written on the refund with a guarded UPDATE (only forwards), so
// repeated or overlapping runs, and alerts a human already resolved, never alert it twice. A refund
// first seen past its due date goes straight to `missed`. Settling is recordGatewayAnswer's.
import { and, asc, eq, gt, inArray, isNotNull, isNull, lte, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { refunds } from "@/db/schema";
import { unpaidRefundStatuses } from "@/server/domain/statuses";
import { recordEvent } from "@/server/services/events/record-event";
import { raiseDeadlineMissed, raiseDeadlineNear } from "./refund-alerts";

/**
 * Warn 2 days before the due date. The strictest clocks are short (EU 261's 7 days, DOT's 7
 * business days), so a refund still unpaid with 2 days left is stuck or failing, not slow; 48 hours
 * leaves at least one business day, even when the warning lands on a weekend, to retry it, chase
 * the gateway or refund another way, and a day earlier would flag refunds the hourly job still pays.
 */
export const DEADLINE_WARNING_MS = 2 * 24 * 3_600_000;
const stages = ["near", "missed"] as const;
export type DeadlineAlertStage = (typeof stages)[number];
const rank = (s: string | null) => (s ? stages.indexOf(s as DeadlineAlertStage) : -1);

/** The stage a due date is in at `now` (pure): null while it is further than the warning window. */
export function deadlineAlertStage(dueBy: Date, now: Date): DeadlineAlertStage | null {
  const left = dueBy.getTime() - now.getTime();
  if (left <= 0) return "missed";
  return left <= DEADLINE_WARNING_MS ? "near" : null;
}

export async function checkRefundDeadlines(
  db: Db,
  opts: { now?: Date; batch?: number } = {},
): Promise<Record<DeadlineAlertStage, number>> {
  const now = opts.now ?? new Date();
  const batch = opts.batch ?? 200;
  const horizon = new Date(now.getTime() + DEADLINE_WARNING_MS);
  const result = { near: 0, missed: 0 };
  let after: { dueBy: Date; id: string } | null = null;
  for (;;) {
    // Keyset on (due_by, id) over idx_refunds_due: a refund left at `near` is passed, never re-read.
    const page: { id: string; dueBy: Date | null; stage: string | null }[] = await db
      .select({ id: refunds.id, dueBy: refunds.dueBy, stage: refunds.deadlineAlert })
      .from(refunds)
      .where(
        and(
          inArray(refunds.status, [...unpaidRefundStatuses]),
          isNotNull(refunds.dueBy),
          lte(refunds.dueBy, horizon),
          or(isNull(refunds.deadlineAlert), sql`${refunds.deadlineAlert} <> 'missed'`),
          after ? sql`(${refunds.dueBy}, ${refunds.id}) > (${after.dueBy.toISOString()}, ${after.id})` : undefined,
        ),
      )
      .orderBy(asc(refunds.dueBy), asc(refunds.id))
      .limit(batch);
    for (const r of page) {
      const stage = deadlineAlertStage(r.dueBy!, now);
      if (stage && rank(stage) > rank(r.stage) && (await advanceDeadlineAlert(db, r.id, stage, now))) result[stage]++;
    }
    if (page.length < batch) return result;
    const last = page[page.length - 1];
    after = { dueBy: last.dueBy!, id: last.id };
  }
}

/**
 * One refund to `stage` and its alert, in one transaction; false when it was paid meanwhile or
 * another run got there first. `gatewayStatus`: the reconciliation found it still pending there.
 */
export async function advanceDeadlineAlert(
  db: Db,
  refundId: string,
  stage: DeadlineAlertStage,
  now: Date,
  gatewayStatus?: string,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [r] = await tx
      .update(refunds)
      .set({ deadlineAlert: stage, deadlineAlertAt: now })
      .where(
        and(
          eq(refunds.id, refundId),
          inArray(refunds.status, [...unpaidRefundStatuses]),
          stage === "missed" ? lte(refunds.dueBy, now) : gt(refunds.dueBy, now),
          stage === "missed"
            ? or(isNull(refunds.deadlineAlert), eq(refunds.deadlineAlert, "near"))
            : isNull(refunds.deadlineAlert),
        ),
      )
      .returning();
    if (!r) return false;
    const due = { ...r, dueBy: r.dueBy! };
    await recordEvent(tx, "refund/deadline_alert", {
      refundId: r.id,
      bookingId: r.bookingId,
      stage,
      dueBy: due.dueBy.toISOString(),
    });
    if (stage === "near") await raiseDeadlineNear(tx, due);
    else await raiseDeadlineMissed(tx, due, now, gatewayStatus);
    return true;
  });
}

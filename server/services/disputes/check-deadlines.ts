// The 5-minute dispute-deadline check: disputes whose evidence is not in yet, by how near the
// deadline is. Each stage alerts once per dispute: the stage is written with a guarded UPDATE
// (only forwards), so concurrent or repeated runs, and alerts a human already resolved, never
// alert the same stage twice. A dispute first seen inside 24 h goes straight to that stage.
import { and, asc, eq, inArray, isNotNull, isNull, lte, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bookings, disputes } from "@/db/schema";
import { formatMoney } from "@/server/domain/money";
import { openFollowUp } from "@/server/services/escalation/open-follow-up";
import { raiseAlert } from "@/server/services/escalation/raise-alert";
import { recordEvent } from "@/server/services/events/record-event";
import { awaitingEvidenceStatuses } from "@/server/domain/statuses";

const HOUR = 3_600_000;
export const deadlineStages = ["due_72h", "due_24h", "past_due"] as const;
export type DeadlineStage = (typeof deadlineStages)[number];
const rank = (s: string | null) => (s ? deadlineStages.indexOf(s as DeadlineStage) : -1);

/** The stage a deadline is in at `now` (pure): null when it is more than 72 h away. */
export function deadlineStage(dueBy: Date, now: Date): DeadlineStage | null {
  const left = dueBy.getTime() - now.getTime();
  if (left <= 0) return "past_due";
  if (left <= 24 * HOUR) return "due_24h";
  if (left <= 72 * HOUR) return "due_72h";
  return null;
}

export function hoursLeft(dueBy: Date, now: Date): string {
  const h = (dueBy.getTime() - now.getTime()) / HOUR;
  if (h <= 0) return `${Math.floor(-h)} h ago`;
  return h < 1 ? "under 1 h" : `${Math.floor(h)} h`;
}

export type DeadlineCheckResult = Record<DeadlineStage, number>;

export async function checkDisputeDeadlines(
  db: Db,
  opts: { now?: Date; limit?: number } = {},
): Promise<DeadlineCheckResult> {
  const now = opts.now ?? new Date();
  const horizon = new Date(now.getTime() + 72 * HOUR);
  const due = await db
    .select({ id: disputes.id, dueBy: disputes.evidenceDueBy, stage: disputes.deadlineStage })
    .from(disputes)
    .where(
      and(
        isNull(disputes.evidenceSubmittedAt),
        eq(disputes.evidenceSubmitted, false),
        inArray(disputes.status, [...awaitingEvidenceStatuses]),
        isNotNull(disputes.evidenceDueBy),
        lte(disputes.evidenceDueBy, horizon),
        or(isNull(disputes.deadlineStage), sql`${disputes.deadlineStage} <> 'past_due'`),
      ),
    )
    .orderBy(asc(disputes.evidenceDueBy))
    .limit(opts.limit ?? 500);
  const result: DeadlineCheckResult = { due_72h: 0, due_24h: 0, past_due: 0 };
  for (const d of due) {
    const stage = deadlineStage(d.dueBy!, now);
    if (!stage || rank(stage) <= rank(d.stage)) continue;
    if (await advance(db, d.id, stage, now)) result[stage]++;
  }
  return result;
}

/** One dispute to `stage`, its alert, follow-up and event in one transaction; false when another run got there first. */
async function advance(db: Db, disputeId: string, stage: DeadlineStage, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const earlier = deadlineStages.slice(0, rank(stage));
    const [d] = await tx
      .update(disputes)
      .set({
        deadlineStage: stage,
        deadlineStageAt: now,
        updatedAt: now,
        ...(stage !== "due_72h" ? { priority: "critical" } : {}),
      })
      .where(
        and(
          eq(disputes.id, disputeId),
          isNull(disputes.evidenceSubmittedAt),
          earlier.length
            ? or(isNull(disputes.deadlineStage), inArray(disputes.deadlineStage, earlier))
            : isNull(disputes.deadlineStage),
        ),
      )
      .returning();
    if (!d) return false;
    const [b] = d.bookingId
      ? await tx.select({ reference: bookings.bookingReference }).from(bookings).where(eq(bookings.id, d.bookingId))
      : [];
    const what = `${formatMoney(d.amountMinor, d.currency)} dispute ${d.stripeDisputeId}${b ? ` on ${b.reference}` : " (no booking matched)"}`;
    const dueText = `${d.evidenceDueBy!.toISOString().slice(0, 16).replace("T", " ")} UTC`;
    const details = { disputeId: d.id, stage, evidenceDueBy: d.evidenceDueBy!.toISOString() };
    const title =
      stage === "past_due"
        ? `Evidence deadline passed for ${what} (${dueText}): the dispute will be lost without a response`
        : `Evidence for ${what} due in ${hoursLeft(d.evidenceDueBy!, now)} (${dueText}), not submitted`;
    const alert = await raiseAlert(tx, {
      severity: stage === "due_72h" ? "high" : "critical",
      source: "dispute_deadline",
      title,
      bookingId: d.bookingId,
      details,
      dedupeKey: `dispute_deadline:${d.id}:${stage}`,
    });
    if (stage !== "due_72h") {
      await openFollowUp(tx, {
        kind: "dispute_evidence",
        title:
          stage === "past_due"
            ? `Deadline passed: contact the card network or accept the loss for ${what}`
            : `Submit evidence for ${what}`,
        dueAt: stage === "past_due" ? now : d.evidenceDueBy!,
        priority: "critical",
        bookingId: d.bookingId,
        alertId: alert.id,
        details,
        dedupeKey: `dispute_evidence:${d.id}`,
      });
    }
    await recordEvent(tx, stage === "past_due" ? "dispute/deadline_passed" : "dispute/deadline_near", {
      ...details,
      bookingId: d.bookingId,
    });
    return true;
  });
}

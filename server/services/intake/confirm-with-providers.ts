import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { sqlList } from "@/db/raw-sql";
import { bookingItems, bookings } from "@/db/schema";
import { systemActor } from "@/server/domain/actor";
import { derivedCancellationStatus } from "@/server/domain/booking-machine";
import { DomainError } from "@/server/domain/errors";
import { liveBookingStatuses, liveItemStatuses, type BookingStatus, type ItemStatus } from "@/server/domain/statuses";
import { queueCommunication } from "@/server/services/comms/queue-communication";
import { openFollowUp } from "@/server/services/escalation/open-follow-up";
import { writeBookingChanges, writeItemChanges } from "@/server/services/lifecycle";
import { recordOwedRefund } from "@/server/services/provider-events/record-owed-refund";
import type { ItemCheck } from "./check-with-provider";
import { queueConfirmationMessages } from "./confirmation-messages";

const DAY = 86_400_000;
/** Who confirms intake bookings in history rows. */
export const intakeActor = systemActor("intake-confirmation");

export type IntakeOutcome = {
  applied: boolean;
  status: BookingStatus;
  /** The booking travels (confirmed, or partially cancelled with live items): the journey goes on. */
  live: boolean;
  confirmed: string[];
  cancelled: { itemId: string; to: ItemStatus; reason: string; refundId: string | null }[];
};

/**
 * Applies the providers' answers to a pending intake booking in one transaction (docs/architecture.md,
 * "Intake journey"): matching items `pending → confirmed`, the others `cancelled` (the provider holds
 * a different booking) or `provider_cancelled` (it holds none), each with its reason; the booking
 * `pending → confirmed | partially_cancelled | cancelled` as its items say, through the lifecycle's
 * set-based writers (rows, history, events). Each refused item has its whole charge share recorded
 * as owed (the provider-cancellation path's `recordOwedRefund`: the refund jobs pay it, keyed per
 * item and cause, so the automation rule on `provider_cancelled` finds it already recorded), a
 * follow-up and a notice to the traveler; a live booking gets its confirmation messages. A booking
 * no longer pending (a second run) is left alone.
 */
export async function applyIntakeChecks(
  db: Db,
  bookingId: string,
  checks: readonly ItemCheck[],
  opts: { now?: Date } = {},
): Promise<IntakeOutcome> {
  const now = opts.now ?? new Date();
  return db.transaction(async (tx) => {
    const [b] = await tx
      .select({ id: bookings.id, status: bookings.status, reference: bookings.bookingReference })
      .from(bookings)
      .where(eq(bookings.id, bookingId))
      .for("update");
    if (!b) throw new DomainError("not_found", `Booking ${bookingId} not found`, { bookingId });
    const skip = { applied: false, status: b.status, live: liveBookingStatuses.includes(b.status) };
    if (b.status !== "pending") return { ...skip, confirmed: [], cancelled: [] };

    const items = await tx
      .select()
      .from(bookingItems)
      .where(eq(bookingItems.bookingId, bookingId))
      .orderBy(asc(bookingItems.id))
      .for("update");
    const verdicts = new Map(checks.map((c) => [c.itemId, c.verdict]));
    const decided = items
      .filter((i) => i.status === "pending")
      .map((item) => {
        const v = verdicts.get(item.id);
        if (!v || v.outcome === "wait")
          throw new DomainError("conflict", `Item ${item.id} has no answer from ${item.providerCode} yet`, {
            bookingId,
          });
        return v.outcome === "match"
          ? {
              item,
              to: "confirmed" as const,
              reason: `Confirmed with ${item.providerCode}: status, dates and price agree`,
            }
          : { item, to: v.to, reason: `Refused at intake: ${v.reason}` };
      });
    await writeItemChanges(
      tx,
      decided.map((d) => ({ itemId: d.item.id, status: d.to, previousStatus: "pending", changed: true })),
      decided.map((d) => ({
        bookingId,
        itemId: d.item.id,
        from: "pending",
        to: d.to,
        fromPrevious: d.item.previousStatus,
        actor: intakeActor,
        reason: d.reason,
      })),
    );
    const after = new Map(decided.map((d) => [d.item.id, d.to as ItemStatus]));
    const status = derivedCancellationStatus(items.map((i) => after.get(i.id) ?? i.status)) ?? "confirmed";
    const refused = decided.filter((d) => d.to !== "confirmed");
    await writeBookingChanges(tx, [
      {
        bookingId,
        from: "pending",
        to: status,
        beforeDispute: null,
        actor: intakeActor,
        reason:
          status === "confirmed"
            ? "Confirmed with its providers"
            : `${status === "cancelled" ? "Every item" : "Some items"} refused at intake`,
      },
    ]);

    // Completion and review requests read the travel span: one the checkout left out is the live items'.
    await tx.execute(sql`update bookings b set travel_start_at = coalesce(b.travel_start_at, s.start_at),
        travel_end_at = coalesce(b.travel_end_at, s.end_at)
      from (select min(start_at) as start_at, max(coalesce(end_at, start_at)) as end_at from booking_items
        where booking_id = ${bookingId} and status in ${sqlList(liveItemStatuses)}) s
      where b.id = ${bookingId} and (b.travel_start_at is null or b.travel_end_at is null)`);

    const cancelled: IntakeOutcome["cancelled"] = [];
    for (const { item, to, reason } of refused) {
      const byProvider = to === "provider_cancelled";
      // The provider path's cause for what the provider cancelled: one refund per item, whichever path sees it first.
      const refundId = await recordOwedRefund(tx, {
        itemId: item.id,
        cause: byProvider ? "provider_cancelled" : "intake_mismatch",
        requestedBy: byProvider ? "provider" : "system",
        policy: "Refused at intake: full refund",
      });
      await openFollowUp(tx, {
        kind: "intake_mismatch",
        title: `${b.reference}: the ${item.category} ${item.providerBookingId ?? ""} at ${item.providerCode} was refused at intake (${reason.replace("Refused at intake: ", "")})`,
        dueAt: new Date(now.getTime() + DAY),
        priority: "high",
        bookingId,
        dedupeKey: `intake_mismatch:${item.id}`,
        details: {
          itemId: item.id,
          providerCode: item.providerCode,
          providerBookingId: item.providerBookingId,
          reason,
          refundId,
          // A booking the provider still holds must be cancelled or corrected there by hand.
          providerStillHolds: !byProvider,
        },
      });
      await queueCommunication(tx, {
        bookingId,
        type: "cancellation_notice",
        templateId: byProvider ? "provider_cancellation" : null,
        // The automation rule's key for a provider cancellation: the traveler is told once.
        dedupeKey: byProvider ? `provider_cancellation:${item.id}` : `intake_mismatch:${item.id}`,
        templateData: {
          itemIds: [item.id],
          refundMinor: item.chargeShareMinor,
          feeMinor: 0,
          reason: byProvider ? `Cancelled by ${item.providerCode}` : "The provider could not confirm it as booked",
        },
      });
      cancelled.push({ itemId: item.id, to, reason, refundId });
    }
    const live = liveBookingStatuses.includes(status);
    if (live) await queueConfirmationMessages(tx, bookingId);
    return {
      applied: true,
      status,
      live,
      confirmed: decided.filter((d) => d.to === "confirmed").map((d) => d.item.id),
      cancelled,
    };
  });
}

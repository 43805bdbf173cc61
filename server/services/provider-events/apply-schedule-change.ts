import { type Actor } from "@/server/domain/actor";
import { and, eq, notInArray } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { bookingItems, bookings } from "@/db/schema";
import { finalItemStatuses } from "@/server/domain/booking-machine";
import { airports, euCarrierProviders } from "@/server/domain/airports";
import { connectedItemConflicts } from "@/server/domain/connected-items";
import { cancellationNotice, eu261Compensation, inEu261Scope } from "@/server/domain/eu261";
import { instantOf } from "@/server/domain/zones";
import { assessFlightChange } from "@/server/domain/schedule-change";
import { queueCommunication } from "@/server/services/comms/queue-communication";
import { raiseAlert } from "@/server/services/escalation/raise-alert";
import { transitionItem } from "@/server/services/lifecycle";
import { itineraryOf } from "./flight-itinerary";

/**
 * A provider moved an item (flight times, a new hotel date): the item becomes schedule_changed
 * with the new details, the details before the first unanswered change are kept in
 * original_details, the booking is flagged, and the traveler's notice is queued (sent by the
 * comms issue's sender). The traveler then accepts (back to the previous status) or rejects.
 */
export async function applyScheduleChange(
  db: Db | Tx,
  input: {
    itemId: string;
    newDetails: Record<string, unknown>;
    summary: string;
    actor: Actor;
    providerEventType?: string;
    providerRawData?: unknown;
    providerEventAt?: Date | null;
  },
) {
  const run = async (tx: Tx) => {
    const [before] = await tx.select().from(bookingItems).where(eq(bookingItems.id, input.itemId));
    const moved = await transitionItem(tx, { ...input, to: "schedule_changed", reason: input.summary });
    if (!moved.applied) return { applied: false as const, reason: moved.reason };
    // A second change before the traveler answered keeps the original of the first.
    const original =
      before.status === "schedule_changed" && before.originalDetails ? before.originalDetails : before.itemDetails;
    const updated = { ...before.itemDetails, ...input.newDetails };
    // Flights: the spec's significance and the US DOT test (14 CFR 260.2) against the original.
    const from = before.category === "flight" ? itineraryOf(original) : null,
      to = before.category === "flight" ? itineraryOf(updated) : null;
    const assessment = from && to ? assessFlightChange(from, to) : null;
    // Does the moved flight still fit the hotel, car and experience that depend on it?
    const outbound = to?.segments[0];
    const dependents = outbound
      ? await tx
          .select({
            id: bookingItems.id,
            category: bookingItems.category,
            startAt: bookingItems.startAt,
            startZone: bookingItems.startZone,
          })
          .from(bookingItems)
          .where(
            and(eq(bookingItems.dependsOnItemId, before.id), notInArray(bookingItems.status, [...finalItemStatuses])),
          )
      : [];
    // EU 261 (Art. 3 scope, Art. 5 notice, Art. 7 bands): what the traveler may claim, shown to them.
    const legFrom = outbound && airports[outbound.from],
      legTo = outbound && airports[outbound.to];
    const eu261 =
      legFrom &&
      legTo &&
      inEu261Scope({ from: legFrom, to: legTo, operatedByEuCarrier: euCarrierProviders.has(before.providerCode) })
        ? {
            compensation: eu261Compensation(legFrom, legTo),
            notice: cancellationNotice(new Date(), instantOf(from!.segments[0].departure)),
          }
        : null;
    const conflicts = outbound
      ? connectedItemConflicts(
          instantOf(outbound.arrival),
          dependents.filter((d) => d.startAt).map((d) => ({ ...d, startAt: d.startAt! })),
        )
      : [];
    await tx
      .update(bookingItems)
      .set({
        originalDetails: original,
        itemDetails: updated,
        scheduleChangeAssessment: assessment
          ? { ...assessment, conflicts, eu261, assessedAt: new Date().toISOString() }
          : { needsReview: true },
        refundEligible: assessment?.refundEligible ?? before.refundEligible,
      })
      .where(eq(bookingItems.id, before.id));
    const [b] = await tx
      .update(bookings)
      .set({
        hasIssue: true,
        issueType: "schedule_change",
        issueDescription: input.summary,
        issueResolved: false,
        updatedAt: new Date(),
      })
      .where(eq(bookings.id, before.bookingId))
      .returning({ email: bookings.contactEmail, userId: bookings.userId, reference: bookings.bookingReference });
    for (const c of conflicts) {
      await raiseAlert(tx, {
        severity: "medium",
        source: "connected_item_conflict",
        title: `${b.reference}: ${c.problem}`,
        details: { flightItemId: before.id, itemId: c.itemId, category: c.category },
        bookingId: before.bookingId,
        dedupeKey: `connected_item_conflict:${c.itemId}`,
      });
    }
    // Queued once per change (the dedupe key is unique): a replayed event queues nothing more.
    await queueCommunication(tx, {
      bookingId: before.bookingId,
      type: "schedule_change_alert",
      templateData: { itemId: before.id, summary: input.summary },
      dedupeKey: `schedule_change_alert:${before.id}:${input.providerEventAt?.toISOString() ?? new Date().toISOString()}`,
    });
    return {
      applied: true as const,
      bookingId: before.bookingId,
      significance: assessment?.classification.significance ?? null,
      refundEligible: assessment?.refundEligible ?? null,
      conflicts,
    };
  };
  return (db as Db).transaction(run); // inside a caller's transaction this is a savepoint
}

import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { bookingCommunications, bookingItems, bookings } from "@/db/schema";
import { assessFlightChange } from "@/server/domain/schedule-change";
import { transitionItem } from "@/server/services/lifecycle";
import { itineraryOf } from "./flight-itinerary";

/**
 * A provider moved an item (flight times, a new hotel date): the item becomes schedule_changed
 * with the new details, the details before the first unanswered change are kept in
 * original_details, the booking is flagged, and the traveler's notice is queued (sent by the
 * comms issue's sender). The traveler then accepts (back to the previous status) or rejects.
 */
export async function applyScheduleChange(db: Db | Tx, input: {
  itemId: string; newDetails: Record<string, unknown>; summary: string; actor: "webhook" | "provider";
  providerEventType?: string; providerRawData?: unknown; providerEventAt?: Date | null;
}) {
  const run = async (tx: Tx) => {
    const [before] = await tx.select().from(bookingItems).where(eq(bookingItems.id, input.itemId));
    const moved = await transitionItem(tx, { ...input, to: "schedule_changed", reason: input.summary });
    if (!moved.applied) return { applied: false as const, reason: moved.reason };
    // A second change before the traveler answered keeps the original of the first.
    const original = before.status === "schedule_changed" && before.originalDetails ? before.originalDetails : before.itemDetails;
    const updated = { ...before.itemDetails, ...input.newDetails };
    // Flights: the spec's significance and the US DOT test (14 CFR 260.2) against the original.
    const from = before.category === "flight" ? itineraryOf(original) : null, to = before.category === "flight" ? itineraryOf(updated) : null;
    const assessment = from && to ? assessFlightChange(from, to) : null;
    await tx.update(bookingItems).set({
      originalDetails: original,
      itemDetails: updated,
      scheduleChangeAssessment: assessment ? { ...assessment, assessedAt: new Date().toISOString() } : { needsReview: true },
      refundEligible: assessment?.refundEligible ?? before.refundEligible,
    }).where(eq(bookingItems.id, before.id));
    const [b] = await tx.update(bookings).set({ hasIssue: true, issueType: "schedule_change", issueDescription: input.summary, issueResolved: false, updatedAt: new Date() })
      .where(eq(bookings.id, before.bookingId)).returning({ email: bookings.contactEmail, userId: bookings.userId, reference: bookings.bookingReference });
    await tx.insert(bookingCommunications).values({
      bookingId: before.bookingId, type: "schedule_change_alert", channel: "email", recipientEmail: b.email, recipientUserId: b.userId,
      subject: `Schedule change for ${b.reference}`, templateId: "schedule_change_alert", templateData: { itemId: before.id, summary: input.summary },
      status: "pending", dedupeKey: `schedule_change_alert:${before.id}:${input.providerEventAt?.toISOString() ?? "now"}`,
    });
    return { applied: true as const, bookingId: before.bookingId, significance: assessment?.classification.significance ?? null, refundEligible: assessment?.refundEligible ?? null };
  };
  return (db as Db).transaction(run); // inside a caller's transaction this is a savepoint
}

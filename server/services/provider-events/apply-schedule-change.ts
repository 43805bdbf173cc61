import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { bookingCommunications, bookingItems, bookings } from "@/db/schema";
import { transitionItem } from "@/server/services/lifecycle";

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
    await tx.update(bookingItems).set({
      // A second change before the traveler answered keeps the original of the first.
      originalDetails: before.status === "schedule_changed" ? before.originalDetails : before.itemDetails,
      itemDetails: { ...before.itemDetails, ...input.newDetails },
    }).where(eq(bookingItems.id, before.id));
    const [b] = await tx.update(bookings).set({ hasIssue: true, issueType: "schedule_change", issueDescription: input.summary, issueResolved: false, updatedAt: new Date() })
      .where(eq(bookings.id, before.bookingId)).returning({ email: bookings.contactEmail, userId: bookings.userId, reference: bookings.bookingReference });
    await tx.insert(bookingCommunications).values({
      bookingId: before.bookingId, type: "schedule_change_alert", channel: "email", recipientEmail: b.email, recipientUserId: b.userId,
      subject: `Schedule change for ${b.reference}`, templateId: "schedule_change_alert", templateData: { itemId: before.id, summary: input.summary },
      status: "pending", dedupeKey: `schedule_change_alert:${before.id}:${input.providerEventAt?.toISOString() ?? "now"}`,
    });
    return { applied: true as const, bookingId: before.bookingId };
  };
  return (db as Db).transaction(run); // inside a caller's transaction this is a savepoint
}

import { eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { bookingCommunications, bookings, notificationPreferences, users } from "@/db/schema";
import { commTypes } from "@/server/domain/statuses";
import { recordEvent } from "@/server/services/events/record-event";

export type CommType = (typeof commTypes)[number];
export type CommChannel = "email" | "sms" | "push";

export type QueueInput = {
  bookingId: string;
  type: CommType;
  /**
   * The occasion, unique per booking and kind: a job that runs again queues nothing new.
   * Convention (as the seed): `<type>[:<occasion>]:<bookingId>`, e.g. `trip_reminder:7d:<id>`.
   */
  dedupeKey: string;
  templateData?: Record<string, unknown>;
  /** A variant of the type's template (e.g. "schedule_change_reminder"); default: the type. */
  templateId?: string | null;
  /** Forces a channel (document delivery carries attachments: e-mail). Default: the traveler's preference. */
  channel?: CommChannel;
};

// Messages that need e-mail whatever the preference (attachments, long content).
const emailOnly = new Set<CommType>(["document_delivery", "confirmation_email", "reminder_email"]);

/**
 * Queues a message in the caller's transaction: a pending row and its `communication/queued`
 * event, or nothing when the dedupe key was queued before. Returns the new row's id or null.
 */
export async function queueCommunication(tx: Db | Tx, input: QueueInput): Promise<string | null> {
  const [b] = await tx
    .select({
      email: bookings.contactEmail,
      phone: sql<string | null>`${bookings.contactInfo}->>'phone'`,
      userId: bookings.userId,
      userPhone: users.phone,
      preferred: notificationPreferences.channel,
    })
    .from(bookings)
    .leftJoin(users, eq(users.id, bookings.userId))
    .leftJoin(notificationPreferences, eq(notificationPreferences.userId, bookings.userId))
    .where(eq(bookings.id, input.bookingId));
  if (!b) return null;
  const phone = b.userPhone ?? b.phone;
  let channel: CommChannel = input.channel ?? (emailOnly.has(input.type) ? "email" : (b.preferred ?? "email"));
  if (channel === "sms" && !phone) channel = "email";
  if (channel === "push" && !b.userId) channel = "email";
  const [row] = await tx
    .insert(bookingCommunications)
    .values({
      bookingId: input.bookingId,
      type: input.type,
      channel,
      recipientEmail: b.email,
      recipientPhone: channel === "sms" ? phone : null,
      recipientUserId: b.userId,
      templateId: input.templateId ?? input.type,
      templateData: input.templateData ?? {},
      status: "pending",
      dedupeKey: input.dedupeKey,
    })
    .onConflictDoNothing({
      target: bookingCommunications.dedupeKey,
      where: sql`${bookingCommunications.dedupeKey} IS NOT NULL`,
    })
    .returning({ id: bookingCommunications.id });
  if (!row) return null;
  await recordEvent(tx, "communication/queued", {
    communicationId: row.id,
    bookingId: input.bookingId,
    type: input.type,
  });
  return row.id;
}

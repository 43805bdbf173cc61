import { and, desc, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { bookings, documents, notificationPreferences, users } from "@/db/schema";
import { liveBookingStatuses } from "@/server/domain/statuses";
import { queueCommunication } from "@/server/services/comms/queue-communication";

/**
 * The confirmation messages of a booking that has just been confirmed, in the caller's transaction
 * (docs/architecture.md, "Intake journey"). The e-mail always goes (it carries the booking); the
 * SMS goes when there is a phone to send it to and the traveler has not chosen e-mail: with no
 * preference it goes by SMS, with one it follows it (push for a push user). Sending sets
 * `confirmation_sent` (send-communication). Keys per booking: a second run queues nothing.
 */
export async function queueConfirmationMessages(tx: Db | Tx, bookingId: string) {
  const [b] = await tx
    .select({
      contactPhone: sql<string | null>`${bookings.contactInfo}->>'phone'`,
      userPhone: users.phone,
      preferred: notificationPreferences.channel,
    })
    .from(bookings)
    .leftJoin(users, eq(users.id, bookings.userId))
    .leftJoin(notificationPreferences, eq(notificationPreferences.userId, bookings.userId))
    .where(eq(bookings.id, bookingId));
  if (!b) return { email: null, sms: null };
  const email = await queueCommunication(tx, {
    bookingId,
    type: "confirmation_email",
    dedupeKey: `confirmation_email:${bookingId}`,
  });
  const phone = b.userPhone ?? b.contactPhone;
  const wantsSms = b.preferred === "sms" || b.preferred === "push" || (b.preferred === null && phone !== null);
  const sms =
    phone && wantsSms
      ? await queueCommunication(tx, {
          bookingId,
          type: "confirmation_sms",
          dedupeKey: `confirmation_sms:${bookingId}`,
          // No preference: the phone the checkout gave is the way the traveler asked to be reached.
          ...(b.preferred === null ? { channel: "sms" as const } : {}),
        })
      : null;
  return { email, sms };
}

/**
 * The documents of a confirmed booking, sent once by e-mail with links and attachments (the
 * newest version of each). Nothing when the booking is not live or has no documents yet.
 */
export async function queueDocumentDelivery(db: Db, bookingId: string): Promise<string | null> {
  const [b] = await db.select({ status: bookings.status }).from(bookings).where(eq(bookings.id, bookingId));
  if (!b || !liveBookingStatuses.includes(b.status)) return null;
  const latest = await db
    .selectDistinctOn([documents.kind, documents.bookingItemId, documents.travelerIndex], { id: documents.id })
    .from(documents)
    .where(and(eq(documents.bookingId, bookingId)))
    .orderBy(documents.kind, documents.bookingItemId, documents.travelerIndex, desc(documents.version));
  if (latest.length === 0) return null;
  return queueCommunication(db, {
    bookingId,
    type: "document_delivery",
    dedupeKey: `document_delivery:confirmed:${bookingId}`,
    templateData: { documentIds: latest.map((d) => d.id) },
  });
}

import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { documents } from "@/db/schema";
import { assertAllowed } from "@/server/domain/available-actions";
import { DomainError } from "@/server/domain/errors";
import type { Viewer } from "@/server/domain/viewer";
import { actionsFor } from "@/server/services/bookings/action-facts";
import { getBookingForViewer } from "@/server/services/bookings/get-booking";
import { queueCommunication } from "./queue-communication";

/**
 * The traveler's "resend documents": queues a document_delivery e-mail with the chosen documents
 * (all of the booking's when none are named) as attachments. Someone else's booking is not found;
 * clicks within the same minute queue one e-mail.
 */
export async function resendDocuments(
  db: Db,
  viewer: Viewer,
  input: { reference: string; documentIds?: string[]; now?: Date },
) {
  const booking = await getBookingForViewer(db, viewer, input.reference);
  assertAllowed(await actionsFor(db, booking.id, viewer, input.now), "resend_documents");
  const ids = input.documentIds ?? [];
  if (ids.length) {
    const found = await db
      .select({ id: documents.id })
      .from(documents)
      .where(and(eq(documents.bookingId, booking.id), inArray(documents.id, ids)));
    if (found.length !== new Set(ids).size)
      throw new DomainError("invalid", "documentIds: not all of these documents belong to this booking");
  }
  const minute = (input.now ?? new Date()).toISOString().slice(0, 16);
  const id = await db.transaction((tx) =>
    queueCommunication(tx, {
      bookingId: booking.id,
      type: "document_delivery",
      channel: "email",
      templateData: { documentIds: ids },
      dedupeKey: `document_delivery:resend:${minute}:${booking.id}`,
    }),
  );
  return { queued: id !== null };
}

import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bookings, documents } from "@/db/schema";
import { documentStorage } from "@/server/documents/storage";
import type { EmailAttachment } from "@/server/notify/email";

/**
 * The PDFs a document_delivery message carries: the documents named in its templateData (the
 * traveler's "resend documents" picks them), else every document of the booking; read through
 * the documents' storage port. A document whose file is missing is left out (its link stays).
 */
export async function documentAttachments(
  db: Db,
  comm: { bookingId: string; templateData: unknown },
): Promise<EmailAttachment[]> {
  const ids = (comm.templateData as { documentIds?: string[] } | null)?.documentIds ?? [];
  const rows = await db
    .select({
      id: documents.id,
      kind: documents.kind,
      version: documents.version,
      storageKey: documents.storageKey,
      contentType: documents.contentType,
      reference: bookings.bookingReference,
    })
    .from(documents)
    .innerJoin(bookings, eq(bookings.id, documents.bookingId))
    .where(
      ids.length
        ? and(eq(documents.bookingId, comm.bookingId), inArray(documents.id, ids))
        : eq(documents.bookingId, comm.bookingId),
    );
  const out: EmailAttachment[] = [];
  for (const d of rows) {
    const bytes = await documentStorage().get(d.storageKey);
    if (bytes)
      out.push({
        filename: `${d.kind}_${d.reference}${d.version > 1 ? `_v${d.version}` : ""}.pdf`,
        content: Buffer.from(bytes),
        contentType: d.contentType,
      });
  }
  return out;
}

import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bookingCommunications } from "@/db/schema";
import { DomainError } from "@/server/domain/errors";
import { queueCommunication } from "./queue-communication";

/**
 * Ops "resend": the same message again as a new row (the original keeps its history), to the
 * booking's current contact. Clicks within the same minute queue it once.
 */
export async function resendCommunication(db: Db, input: { communicationId: string; now?: Date }) {
  return db.transaction(async (tx) => {
    const [c] = await tx
      .select()
      .from(bookingCommunications)
      .where(eq(bookingCommunications.id, input.communicationId));
    if (!c) throw new DomainError("not_found", "No such message");
    const minute = (input.now ?? new Date()).toISOString().slice(0, 16);
    const id = await queueCommunication(tx, {
      bookingId: c.bookingId,
      type: c.type,
      channel: c.channel,
      templateId: c.templateId,
      templateData: (c.templateData ?? {}) as Record<string, unknown>,
      dedupeKey: `resend:${c.id}:${minute}`,
    });
    return { queued: id !== null, communicationId: id };
  });
}

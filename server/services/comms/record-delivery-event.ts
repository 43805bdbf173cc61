import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bookingCommunications, bookings, communicationEvents } from "@/db/schema";
import type { CommStatus } from "@/server/domain/statuses";
import { nextStatus, permanentStatuses } from "./delivery-status";
import { flagContact } from "./flag-contact";

export type DeliveryEvent = {
  source: "resend" | "local" | "twilio" | "push";
  /** The source's own event id (Resend: svix-id): a duplicate delivery is ignored. */
  externalId: string;
  type: string;
  status: CommStatus | null;
  payload: unknown;
  occurredAt: Date | null;
  /** Either the communication (Resend tag) or the provider's message id finds the message. */
  communicationId?: string | null;
  providerMessageId?: string | null;
  detail?: string;
};

/**
 * Records a delivery event once and moves the message's status forward, in one transaction. A
 * bounce or complaint flags the contact and asks ops to fix it (no retry). Used by the Resend
 * webhook route and by the local channels' simulated events alike.
 */
export async function recordDeliveryEvent(db: Db, e: DeliveryEvent) {
  return db.transaction(async (tx) => {
    const [comm] =
      e.communicationId && /^[0-9a-f-]{36}$/i.test(e.communicationId)
        ? await tx
            .select()
            .from(bookingCommunications)
            .where(eq(bookingCommunications.id, e.communicationId))
            .for("update")
        : e.providerMessageId
          ? await tx
              .select()
              .from(bookingCommunications)
              .where(eq(bookingCommunications.providerMessageId, e.providerMessageId))
              .limit(1)
              .for("update")
          : [];
    const [stored] = await tx
      .insert(communicationEvents)
      .values({
        communicationId: comm?.id ?? null,
        source: e.source,
        externalId: e.externalId,
        type: e.type,
        payload: e.payload,
        occurredAt: e.occurredAt,
      })
      .onConflictDoNothing()
      .returning({ id: communicationEvents.id });
    if (!stored) return { duplicate: true as const, communicationId: comm?.id ?? null };
    if (!comm || !e.status)
      return { duplicate: false as const, communicationId: comm?.id ?? null, status: comm?.status ?? null };
    const to = nextStatus(comm.status, e.status);
    if (to === comm.status) return { duplicate: false as const, communicationId: comm.id, status: to };
    const at = e.occurredAt ?? new Date();
    await tx
      .update(bookingCommunications)
      .set({
        status: to,
        ...(to === "sent" && !comm.sentAt ? { sentAt: at } : {}),
        ...(to === "delivered" || to === "opened" || to === "clicked" ? { deliveredAt: comm.deliveredAt ?? at } : {}),
        ...(to === "opened" || to === "clicked" ? { openedAt: comm.openedAt ?? at } : {}),
        ...(permanentStatuses.has(to) ? { failedAt: at, failureReason: e.detail ?? e.type, nextRetryAt: null } : {}),
      })
      .where(eq(bookingCommunications.id, comm.id));
    if (permanentStatuses.has(to)) {
      const [b] = await tx
        .select({ reference: bookings.bookingReference })
        .from(bookings)
        .where(eq(bookings.id, comm.bookingId));
      const address = comm.channel === "sms" ? comm.recipientPhone : comm.recipientEmail;
      if (address) {
        await flagContact(tx, {
          channel: comm.channel,
          address,
          reason: to === "complained" ? "complained" : "bounced",
          detail: e.detail ?? e.type,
          bookingId: comm.bookingId,
          communicationId: comm.id,
          reference: b?.reference ?? comm.bookingId,
        });
      }
    }
    return { duplicate: false as const, communicationId: comm.id, status: to };
  });
}

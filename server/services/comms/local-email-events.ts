import type { Db } from "@/db/client";
import type { SimulatedEmailEvent } from "@/server/notify/email";
import { resendWebhook } from "@/server/notify/secrets";
import { receiveResendWebhook } from "./receive-resend-webhook";

/**
 * The local e-mail channel's delivery events, made as Resend makes them: Resend's payload, signed
 * with the webhook secret (Svix), handed to the same verify-and-record code as the webhook route.
 * Their ids are derived from the message, so emitting them again stores nothing new.
 */
export async function emitLocalEmailEvents(
  db: Db,
  m: { communicationId: string; messageId: string; to: string; subject: string; events: SimulatedEmailEvent[] },
) {
  const wh = resendWebhook();
  for (const type of m.events) {
    const now = new Date();
    const body = JSON.stringify({
      type,
      created_at: now.toISOString(),
      data: {
        email_id: m.messageId,
        created_at: now.toISOString(),
        to: [m.to],
        subject: m.subject,
        tags: { communication_id: m.communicationId },
        ...(type === "email.bounced"
          ? { bounce: { type: "Permanent", subType: "General", message: "Mailbox does not exist (local channel)" } }
          : {}),
      },
    });
    const id = `msg_local_${m.messageId}_${type}`;
    const headers = new Headers({
      "svix-id": id,
      "svix-timestamp": String(Math.floor(now.getTime() / 1000)),
      "svix-signature": wh.sign(id, now, body),
    });
    await receiveResendWebhook(db, body, headers, "local");
  }
}

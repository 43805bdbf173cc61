import { eq } from "drizzle-orm";
import { Resend } from "resend";
import type { Db } from "@/db/client";
import { mailOutbox } from "@/db/schema";
import { failureOfStatus, NotifyError } from "./errors";
import { takeFault } from "./faults";

export type EmailAttachment = { filename: string; content: Buffer; contentType?: string };
export type EmailMessage = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Why it is sent: "sign_in" or a communication type. */
  tag: string;
  communicationId?: string;
  /** The same key never sends twice (Resend keeps it 24 hours; the local outbox keys on the communication). */
  idempotencyKey?: string;
  attachments?: EmailAttachment[];
};
/** Delivery events a local channel simulates for the message (Resend's event names). */
export type SimulatedEmailEvent =
  "email.sent" | "email.delivered" | "email.bounced" | "email.complained" | "email.delivery_delayed";
export type SentEmail = { provider: "local" | "resend"; messageId: string; simulated?: SimulatedEmailEvent[] };

/** The notify port's e-mail channel. Failures throw NotifyError (transient or permanent). */
export interface EmailChannel {
  send(message: EmailMessage): Promise<SentEmail>;
}

/**
 * The local channel keeps every message in `mail_outbox` (the console and e2e tests read it) and
 * takes injected faults: transient (throws, retried), bounce and complaint (accepted, then reported
 * by a simulated delivery event, as Resend would report them).
 */
export function localEmailChannel(db: Db, from: string): EmailChannel {
  return {
    async send(m) {
      if (m.communicationId) {
        const [again] = await db
          .select({ id: mailOutbox.id })
          .from(mailOutbox)
          .where(eq(mailOutbox.communicationId, m.communicationId));
        if (again) return { provider: "local", messageId: again.id };
      }
      const fault = await takeFault(db, "email", m.to);
      if (fault === "transient")
        throw new NotifyError("transient", "Local mail server unavailable (injected fault)", 503);
      const [row] = await db
        .insert(mailOutbox)
        .values({
          toAddress: m.to,
          fromAddress: from,
          subject: m.subject,
          text: m.text,
          html: m.html ?? null,
          tag: m.tag,
          communicationId: m.communicationId ?? null,
        })
        .returning({ id: mailOutbox.id });
      const simulated: SimulatedEmailEvent[] =
        fault === "bounce"
          ? ["email.sent", "email.bounced"]
          : fault === "complaint"
            ? ["email.sent", "email.delivered", "email.complained"]
            : ["email.sent", "email.delivered"];
      return { provider: "local", messageId: row.id, simulated };
    },
  };
}

/**
 * Resend, when RESEND_API_KEY is set. The communication id travels as a tag, so its webhooks find
 * the message even before the send's response was recorded. `baseUrl` serves offline tests.
 */
export function resendEmailChannel(apiKey: string, from: string, options: { baseUrl?: string } = {}): EmailChannel {
  const resend = new Resend(apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined);
  return {
    async send(m) {
      const { data, error } = await resend.emails.send(
        {
          from,
          to: [m.to],
          subject: m.subject,
          text: m.text,
          ...(m.html ? { html: m.html } : {}),
          tags: [
            { name: "tag", value: m.tag },
            ...(m.communicationId ? [{ name: "communication_id", value: m.communicationId }] : []),
          ],
          ...(m.attachments?.length
            ? {
                attachments: m.attachments.map((a) => ({
                  filename: a.filename,
                  content: a.content,
                  contentType: a.contentType,
                })),
              }
            : {}),
        },
        m.idempotencyKey ? { idempotencyKey: m.idempotencyKey } : undefined,
      );
      if (error || !data) {
        const status = error && "statusCode" in error ? (error.statusCode as number | null) : null;
        const kind = failureOfStatus(status);
        // A 404 from Resend is not a vanished subscription: treat it as permanent.
        throw new NotifyError(
          kind === "gone" ? "permanent" : kind,
          `Resend: ${error?.message ?? "no response"}`,
          error?.name,
        );
      }
      return { provider: "resend", messageId: data.id };
    },
  };
}

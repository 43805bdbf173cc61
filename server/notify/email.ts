import type { Db } from "@/db/client";
import { mailOutbox } from "@/db/schema";

export type EmailMessage = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Why it is sent: "sign_in" or a communication type. */
  tag: string;
  communicationId?: string;
};
export type SentEmail = { provider: "local" | "resend"; messageId: string };

/** The notify port's e-mail channel. The local one keeps every message in `mail_outbox`. */
export interface EmailChannel {
  send(message: EmailMessage): Promise<SentEmail>;
}

export function localEmailChannel(db: Db, from: string): EmailChannel {
  return {
    async send(m) {
      const [row] = await db.insert(mailOutbox).values({
        toAddress: m.to, fromAddress: from, subject: m.subject, text: m.text, html: m.html ?? null,
        tag: m.tag, communicationId: m.communicationId ?? null,
      }).returning({ id: mailOutbox.id });
      return { provider: "local", messageId: row.id };
    },
  };
}

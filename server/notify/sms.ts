import twilio from "twilio";
import type { Db } from "@/db/client";
import { localSmsMessages } from "@/db/schema";
import { failureOfStatus, NotifyError } from "./errors";
import { takeFault } from "./faults";

export type SmsMessage = { to: string; body: string; communicationId?: string; idempotencyKey?: string };
export type SentSms = { provider: "local" | "twilio"; messageId: string };
export interface SmsChannel {
  send(message: SmsMessage): Promise<SentSms>;
}

// Twilio error codes that no retry fixes: invalid or unreachable number, landline, opted out.
// https://www.twilio.com/docs/api/errors
const permanentCodes = new Set([21211, 21214, 21408, 21610, 21612, 21614, 30003, 30005, 30006]);

type TwilioOptions = {
  accountSid: string;
  authToken: string;
  from: string;
  statusCallback?: string;
  httpClient?: twilio.ClientOpts["httpClient"];
};

/** Twilio's Messages API through its SDK; `httpClient` lets tests see the request offline. */
export function twilioSmsChannel(o: TwilioOptions): SmsChannel {
  const client = twilio(o.accountSid, o.authToken, { httpClient: o.httpClient, autoRetry: false });
  return {
    async send(m) {
      try {
        const msg = await client.messages.create({
          to: m.to,
          from: o.from,
          body: m.body,
          ...(o.statusCallback ? { statusCallback: o.statusCallback } : {}),
        });
        return { provider: "twilio", messageId: msg.sid };
      } catch (e) {
        const err = e as { status?: number; code?: number; message?: string };
        const kind = err.code && permanentCodes.has(err.code) ? "permanent" : failureOfStatus(err.status);
        throw new NotifyError(kind === "gone" ? "permanent" : kind, `Twilio: ${err.message ?? String(e)}`, err.code);
      }
    },
  };
}

/**
 * The local SMS channel: every message is a row with Twilio's final status. Faults: "undeliverable"
 * (error 30003, permanent: the number is flagged) and "transient" (retried).
 */
export function localSmsChannel(db: Db, from: string): SmsChannel {
  return {
    async send(m) {
      const fault = await takeFault(db, "sms", m.to);
      if (fault === "transient")
        throw new NotifyError("transient", "Local SMS gateway unavailable (injected fault)", 503);
      const undeliverable = fault === "undeliverable";
      const [row] = await db
        .insert(localSmsMessages)
        .values({
          toNumber: m.to,
          fromNumber: from,
          body: m.body,
          status: undeliverable ? "undelivered" : "delivered",
          errorCode: undeliverable ? 30003 : null,
          idempotencyKey: m.idempotencyKey ?? null,
          communicationId: m.communicationId ?? null,
        })
        .onConflictDoNothing()
        .returning({ id: localSmsMessages.id });
      if (undeliverable) throw new NotifyError("permanent", "Unreachable destination handset (30003)", 30003);
      return { provider: "local", messageId: row?.id ?? `dup:${m.idempotencyKey}` };
    },
  };
}

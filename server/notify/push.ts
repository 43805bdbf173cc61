import webpush from "web-push";
import type { Db } from "@/db/client";
import { localPushMessages } from "@/db/schema";
import { failureOfStatus, NotifyError } from "./errors";
import { takeFault } from "./faults";

export type PushTarget = { endpoint: string; keys: { p256dh: string; auth: string } };
export type PushPayload = { title: string; body: string; url: string; tag?: string };
export type PushMessage = {
  subscription: PushTarget;
  payload: PushPayload;
  communicationId?: string;
  idempotencyKey?: string;
};
export type SentPush = { provider: "local" | "webpush"; messageId: string };
/** Throws NotifyError "gone" when the subscription expired or is unknown: the caller removes it. */
export interface PushChannel {
  send(message: PushMessage): Promise<SentPush>;
}

export type Vapid = { subject: string; publicKey: string; privateKey: string };

/**
 * Web Push (RFC 8030) with VAPID (RFC 8292): web-push builds the encrypted request (aes128gcm) and
 * its signed Authorization header; we send it with fetch, so the response status decides.
 */
export function webPushChannel(vapid: Vapid, options: { fetch?: typeof fetch; ttlSeconds?: number } = {}): PushChannel {
  const doFetch = options.fetch ?? fetch;
  return {
    async send(m) {
      const req = webpush.generateRequestDetails(m.subscription, JSON.stringify(m.payload), {
        vapidDetails: vapid,
        TTL: options.ttlSeconds ?? 24 * 3600,
        contentEncoding: "aes128gcm",
        headers: m.payload.tag ? { Topic: m.payload.tag.replace(/[^A-Za-z0-9_-]/g, "").slice(0, 32) } : {},
      });
      let res: Response;
      try {
        res = await doFetch(req.endpoint, {
          method: req.method,
          headers: req.headers as Record<string, string>,
          body: new Uint8Array(req.body),
        });
      } catch (e) {
        throw new NotifyError("transient", `Push service unreachable: ${(e as Error).message}`);
      }
      if (res.status >= 200 && res.status < 300)
        return { provider: "webpush", messageId: res.headers.get("location") ?? m.idempotencyKey ?? req.endpoint };
      throw new NotifyError(failureOfStatus(res.status), `Push service answered ${res.status}`, res.status);
    },
  };
}

/** The local push service: keeps what each endpoint received; faults "expired"/"invalid" answer as 410, "transient" as 503. */
export function localPushChannel(db: Db): PushChannel {
  return {
    async send(m) {
      const fault = await takeFault(db, "push", m.subscription.endpoint);
      if (fault === "expired" || fault === "invalid")
        throw new NotifyError("gone", `Push subscription ${fault} (410)`, 410);
      if (fault === "transient")
        throw new NotifyError("transient", "Local push service unavailable (injected fault)", 503);
      const [row] = await db
        .insert(localPushMessages)
        .values({
          endpoint: m.subscription.endpoint,
          payload: m.payload,
          idempotencyKey: m.idempotencyKey ?? null,
          communicationId: m.communicationId ?? null,
        })
        .onConflictDoNothing()
        .returning({ id: localPushMessages.id });
      return { provider: "local", messageId: row?.id ?? `dup:${m.idempotencyKey}` };
    },
  };
}

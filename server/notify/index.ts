import type { Db } from "@/db/client";
import { env } from "@/server/env";
import { type EmailChannel, localEmailChannel, resendEmailChannel } from "./email";
import { localPushChannel, type PushChannel, webPushChannel } from "./push";
import { notifySecrets } from "./secrets";
import { localSmsChannel, type SmsChannel, twilioSmsChannel } from "./sms";

export type Channels = { email: EmailChannel; sms: SmsChannel; push: PushChannel };

/** The e-mail channel in use: Resend when a key is set, else the local mail outbox. */
export function emailChannel(db: Db): EmailChannel {
  return env.RESEND_API_KEY
    ? resendEmailChannel(env.RESEND_API_KEY, env.MAIL_FROM, { baseUrl: env.RESEND_BASE_URL })
    : localEmailChannel(db, env.MAIL_FROM);
}

/** Every channel of the notify port, real ones where configured, local ones otherwise. */
const channels = new WeakMap<Db, Channels>();

/** One set of channels per database handle and process (SDK clients and keys are built once, not per message). */
export function notifyChannels(db: Db): Channels {
  let c = channels.get(db);
  if (!c) {
    c = buildChannels(db);
    channels.set(db, c);
  }
  return c;
}

function buildChannels(db: Db): Channels {
  const twilioSet = env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN && env.TWILIO_FROM;
  const secrets = notifySecrets();
  return {
    email: emailChannel(db),
    sms: twilioSet
      ? twilioSmsChannel({
          accountSid: env.TWILIO_ACCOUNT_SID!,
          authToken: env.TWILIO_AUTH_TOKEN!,
          from: env.TWILIO_FROM!,
        })
      : localSmsChannel(db, env.TWILIO_FROM ?? "+15005550006"),
    // Real push services are on the internet: off by default so the embedded app stays offline.
    push:
      env.PUSH_DELIVERY === "webpush"
        ? webPushChannel({
            subject: env.VAPID_SUBJECT,
            publicKey: secrets.vapidPublicKey,
            privateKey: secrets.vapidPrivateKey,
          })
        : localPushChannel(db),
  };
}

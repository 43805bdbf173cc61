import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Webhook } from "svix";
import webpush from "web-push";
import { dataDir } from "@/db/local-config";
import { env } from "@/server/env";

// Zero configuration (docs/architecture.md, "Process layout"): the VAPID key pair and the local Resend webhook
// secret are generated on first start and kept under .data/ beside AUTH_SECRET, so every process
// of the app agrees on them; the environment overrides them in a deployment.

export type NotifySecrets = { vapidPublicKey: string; vapidPrivateKey: string; resendWebhookSecret: string };

const file = () => path.join(dataDir, "notify.json");
let cached: NotifySecrets | null = null;

export function notifySecrets(): NotifySecrets {
  if (!cached) {
    const stored = existsSync(file()) ? (JSON.parse(readFileSync(file(), "utf8")) as Partial<NotifySecrets>) : {};
    const next = { ...generated(stored), ...stored } as NotifySecrets;
    if (JSON.stringify(next) !== JSON.stringify(stored)) {
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(file(), JSON.stringify(next, null, 2), { mode: 0o600 });
    }
    cached = next;
  }
  return {
    vapidPublicKey: env.VAPID_PUBLIC_KEY ?? cached.vapidPublicKey,
    vapidPrivateKey: env.VAPID_PRIVATE_KEY ?? cached.vapidPrivateKey,
    resendWebhookSecret: env.RESEND_WEBHOOK_SECRET ?? cached.resendWebhookSecret,
  };
}

function generated(stored: Partial<NotifySecrets>): Partial<NotifySecrets> {
  const out: Partial<NotifySecrets> = {};
  if (!stored.vapidPublicKey || !stored.vapidPrivateKey) {
    const keys = webpush.generateVAPIDKeys();
    Object.assign(out, { vapidPublicKey: keys.publicKey, vapidPrivateKey: keys.privateKey });
  }
  // Svix secrets are "whsec_" + base64 of random bytes.
  if (!stored.resendWebhookSecret)
    out.resendWebhookSecret = `whsec_${Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString("base64")}`;
  return out;
}

/** A Svix verifier/signer for the Resend webhook secret in use. */
export const resendWebhook = () => new Webhook(notifySecrets().resendWebhookSecret);

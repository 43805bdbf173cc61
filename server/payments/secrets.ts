import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dataDir } from "@/db/local-config";
import { env } from "@/server/env";

// Zero configuration (docs/architecture.md, "Process layout"): the webhook signing secret of the local gateway
// is generated on first start and kept under .data/ beside AUTH_SECRET, so the process that signs
// events and the route that verifies them agree; STRIPE_WEBHOOK_SECRET overrides it (with Stripe,
// it is the endpoint's `whsec_…` from the dashboard).

const file = () => path.join(dataDir, "payments.json");
let cached: string | null = null;

export function stripeWebhookSecret(): string {
  if (env.STRIPE_WEBHOOK_SECRET) return env.STRIPE_WEBHOOK_SECRET;
  if (!cached) {
    const stored = existsSync(file()) ? (JSON.parse(readFileSync(file(), "utf8")) as { webhookSecret?: string }) : {};
    if (!stored.webhookSecret) {
      stored.webhookSecret = `whsec_${randomBytes(24).toString("base64url")}`;
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(file(), JSON.stringify(stored, null, 2), { mode: 0o600 });
    }
    cached = stored.webhookSecret;
  }
  return cached;
}

import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";

// Every setting has a working local default (docs/architecture.md, "Process layout"): with nothing set, the app
// runs on the embedded database, the local mail outbox and the local gateways.
const csv = z.string().transform((s) =>
  s
    .split(",")
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean),
);

export const env = createEnv({
  server: {
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    DATABASE_URL: z.url().optional(),
    APP_URL: z.url().default("http://localhost:3000"),
    AUTH_SECRET: z.string().min(16).optional(), // generated under .data/ when unset (db/local-config.ts)
    ADMIN_EMAILS: csv.default(["founder@example.com"]),
    MAIL_FROM: z.string().default("Booking Ops <no-reply@bookings.local>"),
    RESEND_API_KEY: z.string().optional(),
    RESEND_BASE_URL: z.url().optional(),
    RESEND_WEBHOOK_SECRET: z.string().startsWith("whsec_").optional(), // generated under .data/ when unset (server/notify/secrets.ts)
    TWILIO_ACCOUNT_SID: z.string().optional(),
    TWILIO_AUTH_TOKEN: z.string().optional(),
    TWILIO_FROM: z.string().optional(),
    // Escalation channels (server/services/escalation): Slack incoming webhook (else a local channel), who is alerted.
    SLACK_WEBHOOK_URL: z.url().optional(),
    ALERT_EMAIL: z.string().default("alerts@bookings.local"),
    ALERT_PHONE: z.string().default("+15005550001"),
    VAPID_PUBLIC_KEY: z.string().optional(), // generated under .data/ when unset
    VAPID_PRIVATE_KEY: z.string().optional(),
    VAPID_SUBJECT: z.string().default("mailto:ops@bookings.local"),
    PUSH_DELIVERY: z.enum(["local", "webpush"]).default("local"),
    STRIPE_SECRET_KEY: z.string().optional(), // set: payments go through Stripe; unset: the local gateway (server/payments)
    STRIPE_WEBHOOK_SECRET: z.string().optional(), // generated under .data/ when unset (server/payments/secrets.ts)
    INNGEST_EVENT_KEY: z.string().optional(),
    INNGEST_SIGNING_KEY: z.string().optional(),
    INNGEST_BASE_URL: z.url().optional(),
    INNGEST_DEV: z.string().optional(),
    /** Rate limits in sliding windows (server/services/rate-limit): guest look-ups per client address, and per address and reference. */
    GUEST_LOOKUP_LIMIT: z.coerce.number().int().positive().default(10),
    GUEST_LOOKUP_REFERENCE_LIMIT: z.coerce.number().int().positive().default(5),
    GUEST_LOOKUP_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
    /** Sign-in link e-mails per e-mail address, and per client address. */
    SIGN_IN_LINK_LIMIT: z.coerce.number().int().positive().default(5),
    SIGN_IN_LINK_ADDRESS_LIMIT: z.coerce.number().int().positive().default(20),
    SIGN_IN_LINK_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
    /** How many proxies of ours stand in front of the app server; their X-Forwarded-For entries are believed (server/http/client-address.ts). */
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    /** Where generated documents (PDFs) are kept: a local folder, or an S3-compatible bucket that several app servers share. */
    DOCUMENTS_STORE: z.enum(["local", "s3"]).default("local"),
    DOCUMENTS_DIR: z.string().default(".data/documents"),
    DOCUMENTS_S3_BUCKET: z.string().optional(),
    DOCUMENTS_S3_PREFIX: z.string().optional(),
    DOCUMENTS_S3_REGION: z.string().optional(), // unset: AWS_REGION, else us-east-1
    DOCUMENTS_S3_ENDPOINT: z.url().optional(), // an S3-compatible service (R2, MinIO…); unset: AWS S3
    DOCUMENTS_S3_FORCE_PATH_STYLE: z
      .enum(["0", "1", "false", "true"])
      .optional()
      .transform((v) => v === "1" || v === "true"),
    /**
     * Apple Wallet passes (server/documents/wallet): with all of these set, passes are signed with
     * the real certificates (PEM text or a file path); otherwise with a development certificate
     * generated under .data/wallet/, which Apple Wallet will not accept.
     */
    WALLET_PASS_TYPE_ID: z.string().optional(),
    WALLET_TEAM_ID: z.string().optional(),
    WALLET_SIGNER_CERT: z.string().optional(),
    WALLET_SIGNER_KEY: z.string().optional(),
    WALLET_SIGNER_KEY_PASSPHRASE: z.string().optional(),
    WALLET_WWDR_CERT: z.string().optional(),
  },
  client: {},
  experimental__runtimeEnv: {},
  emptyStringAsUndefined: true,
  skipValidation: process.env.SKIP_ENV_VALIDATION === "1",
});

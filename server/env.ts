import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";

// Every setting has a working local default (DESIGN.md, Process layout): with nothing set, the app
// runs on the embedded database, the local mail outbox and the local gateways.
const csv = z.string().transform((s) => s.split(",").map((e) => e.trim().toLowerCase()).filter(Boolean));

export const env = createEnv({
  server: {
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    DATABASE_URL: z.url().optional(),
    APP_URL: z.url().default("http://localhost:3000"),
    AUTH_SECRET: z.string().min(16).optional(), // generated under .data/ when unset (db/local-config.ts)
    ADMIN_EMAILS: csv.default(["founder@example.com"]),
    MAIL_FROM: z.string().default("Booking Ops <no-reply@bookings.local>"),
    RESEND_API_KEY: z.string().optional(),
    STRIPE_SECRET_KEY: z.string().optional(),
    STRIPE_WEBHOOK_SECRET: z.string().optional(),
    INNGEST_EVENT_KEY: z.string().optional(),
    INNGEST_SIGNING_KEY: z.string().optional(),
    INNGEST_BASE_URL: z.url().optional(),
    INNGEST_DEV: z.string().optional(),
    GUEST_LOOKUP_LIMIT: z.coerce.number().int().positive().default(10),
    GUEST_LOOKUP_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
  },
  client: {},
  experimental__runtimeEnv: {},
  emptyStringAsUndefined: true,
  skipValidation: process.env.SKIP_ENV_VALIDATION === "1",
});

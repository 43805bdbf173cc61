import { sql } from "drizzle-orm";
import { bigserial, boolean, check, index, integer, pgTable, text, uuid, varchar } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { itemCategory } from "./enums";

export const providers = pgTable(
  "providers",
  {
    code: varchar({ length: 50 }).primaryKey(),
    name: text().notNull(),
    category: itemCategory().notNull(),
    /** Which adapter speaks to it: "sandbox" locally, a real integration's name otherwise. */
    adapter: varchar({ length: 50 }).notNull().default("sandbox"),
    /** Shared secret its webhooks are signed with. */
    webhookSecret: text().notNull(),
    /** Calls per second the provider allows; the adapter honours it. */
    rateLimitPerSecond: integer().notNull().default(20),
    enabled: boolean().notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [check("providers_rate_positive", sql`${t.rateLimitPerSecond} > 0`)],
);

/** Each call to a provider, for health (docs/architecture.md, "Provider health") and for the booking timeline. */
export const providerCalls = pgTable(
  "provider_calls",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    providerCode: varchar({ length: 50 })
      .notNull()
      .references(() => providers.code),
    operation: varchar({ length: 50 }).notNull(),
    ok: boolean().notNull(),
    latencyMs: integer().notNull(),
    error: text(),
    bookingItemId: uuid(),
    createdAt: createdAt(),
  },
  (t) => [index("provider_calls_recent").on(t.providerCode, t.createdAt.desc())],
);

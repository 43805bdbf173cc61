import { integer, pgTable, primaryKey, text, uuid, index, uniqueIndex } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { userRole } from "./enums";
import { createdAt, tz } from "./columns";

// Auth.js tables (Drizzle adapter). Sessions are JWT (docs/architecture.md, "Sign-in and
// guests"), so no sessions table.
export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text(),
    email: text().notNull(),
    emailVerified: tz(),
    image: text(),
    role: userRole().notNull().default("traveler"),
    phone: text(),
    timezone: text(), // IANA zone for per-traveler daily work
    /** Set when mail to this address bounced or was complained about: no more sends until fixed. */
    emailFlaggedAt: tz(),
    createdAt: createdAt(),
  },
  (t) => [
    // Auth.js looks users up by exact e-mail; we store it lower-cased (see server/auth.ts).
    uniqueIndex("users_email_unique").on(t.email),
    index("users_email_lower").on(sql`lower(${t.email})`),
  ],
);

export const accounts = pgTable(
  "accounts",
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text().notNull(),
    provider: text().notNull(),
    providerAccountId: text().notNull(),
    refresh_token: text(),
    access_token: text(),
    expires_at: integer(),
    token_type: text(),
    scope: text(),
    id_token: text(),
    session_state: text(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] }), index("accounts_user").on(t.userId)],
);

export const verificationTokens = pgTable(
  "verification_tokens",
  {
    identifier: text().notNull(),
    token: text().notNull(),
    expires: tz().notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

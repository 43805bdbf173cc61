import { sql } from "drizzle-orm";
import { check, index, pgTable, text, unique, uuid, varchar } from "drizzle-orm/pg-core";
import { sqlList } from "@/db/raw-sql";
import { apiClientKinds, type ApiClientKind } from "@/server/domain/api-keys";
import { createdAt, tz } from "./columns";

/**
 * Who may call the intake API (docs/architecture.md, "Intake"): a travel platform's checkout, or the
 * built-in `import` client (seeded by migration) that console and CLI imports run as.
 */
export const apiClients = pgTable(
  "api_clients",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    kind: varchar({ length: 20 }).$type<ApiClientKind>().notNull().default("checkout"),
    /** HMAC secret (kept readable: the signature is recomputed with it). Set → every request must be signed. */
    signingSecret: text(),
    createdAt: createdAt(),
    /** Operator (actor label) who created it; null for the seeded import client. */
    createdBy: text(),
    revokedAt: tz(),
    revokedBy: text(),
  },
  (t) => [
    unique("api_clients_name").on(t.name),
    check("api_clients_kind", sql`${t.kind} IN ${sqlList(apiClientKinds)}`),
    check("api_clients_name_length", sql`char_length(${t.name}) BETWEEN 1 AND 100`),
  ],
);

/** An API key of a client. Only its hash and a short prefix are stored: the key itself is shown once. */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid().primaryKey().defaultRandom(),
    clientId: uuid()
      .notNull()
      .references(() => apiClients.id, { onDelete: "cascade" }),
    name: text().notNull(),
    /** The key's first characters (`bk_3f9aXy1Q`), so the console can tell keys apart. */
    prefix: varchar({ length: 16 }).notNull(),
    /**
     * sha256 hex of the whole key. A fast hash is right here (not bcrypt/scrypt): the key is 32
     * random bytes, so there is nothing to brute-force, and every intake request looks it up.
     */
    keyHash: text().notNull(),
    createdAt: createdAt(),
    createdBy: text(),
    /** Written at most once a minute per key (authenticate.ts). */
    lastUsedAt: tz(),
    revokedAt: tz(),
    revokedBy: text(),
  },
  (t) => [
    unique("api_keys_key_hash").on(t.keyHash),
    // The console lists a client's keys, newest first.
    index("api_keys_client").on(t.clientId, t.createdAt),
    check("api_keys_name_length", sql`char_length(${t.name}) BETWEEN 1 AND 100`),
  ],
);

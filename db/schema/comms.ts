import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, text, unique, uniqueIndex, uuid, varchar } from "drizzle-orm/pg-core";
import { sqlList } from "@/db/raw-sql";
import { sendableCommStatuses } from "@/server/domain/statuses";
import { users } from "./auth";
import { bookingItems, bookings } from "./bookings";
import { createdAt, tz } from "./columns";
import { commChannel, commStatus, commType, documentKind } from "./enums";

/** Every message sent about a booking, and its delivery (pending → sent → delivered/opened/bounced/failed). */
export const bookingCommunications = pgTable(
  "booking_communications",
  {
    id: uuid().primaryKey().defaultRandom(),
    bookingId: uuid()
      .notNull()
      .references(() => bookings.id, { onDelete: "cascade" }),
    type: commType().notNull(),
    channel: commChannel().notNull(),
    recipientEmail: varchar({ length: 255 }),
    recipientPhone: varchar({ length: 50 }),
    recipientUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    subject: varchar({ length: 255 }),
    templateId: varchar({ length: 100 }),
    templateData: jsonb(),
    status: commStatus().notNull().default("pending"),
    provider: varchar({ length: 50 }),
    providerMessageId: varchar({ length: 255 }),
    /** Dedupe key for a send (booking + kind + occasion): a retried job never mails twice. */
    dedupeKey: text(),
    sentAt: tz(),
    deliveredAt: tz(),
    openedAt: tz(),
    failedAt: tz(),
    failureReason: text(),
    retryCount: integer().notNull().default(0),
    nextRetryAt: tz(),
    createdAt: createdAt(),
  },
  (t) => [
    check("comms_retry_nonnegative", sql`${t.retryCount} >= 0`),
    index("idx_communications_booking").on(t.bookingId),
    // The outbox list (newest first, a keyset page at a time), whole or by status or channel.
    index("idx_communications_created").on(t.createdAt, t.id),
    index("idx_communications_status").on(t.status, t.createdAt, t.id),
    index("idx_communications_channel").on(t.channel, t.createdAt, t.id),
    index("idx_communications_pending")
      .on(t.status, t.nextRetryAt)
      .where(sql`${t.status} IN ${sqlList(sendableCommStatuses)} AND ${t.retryCount} < 3`),
    // Unique: a queued message is queued once, however often the job that queues it runs.
    uniqueIndex("communications_dedupe")
      .on(t.dedupeKey)
      .where(sql`${t.dedupeKey} IS NOT NULL`),
    index("communications_provider_message")
      .on(t.providerMessageId)
      .where(sql`${t.providerMessageId} IS NOT NULL`),
  ],
);

/**
 * The local e-mail channel: where mail goes when no Resend key is set (the demo, tests).
 * Sign-in links and every booking e-mail land here, readable from the console and by e2e tests.
 */
export const mailOutbox = pgTable(
  "mail_outbox",
  {
    id: uuid().primaryKey().defaultRandom(),
    toAddress: text().notNull(),
    fromAddress: text().notNull(),
    subject: text().notNull(),
    html: text(),
    text: text().notNull(),
    /** Why it was sent, e.g. "sign_in" or a communication type. */
    tag: varchar({ length: 50 }).notNull(),
    communicationId: uuid().references(() => bookingCommunications.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("mail_outbox_recipient").on(sql`lower(${t.toAddress})`, t.createdAt.desc()),
    // Account mail (sign-in links): the few rows not about a booking, newest first.
    index("mail_outbox_account")
      .on(t.createdAt)
      .where(sql`${t.communicationId} IS NULL`),
  ],
);

export const documents = pgTable(
  "documents",
  {
    id: uuid().primaryKey().defaultRandom(),
    bookingId: uuid()
      .notNull()
      .references(() => bookings.id, { onDelete: "cascade" }),
    bookingItemId: uuid().references(() => bookingItems.id, { onDelete: "cascade" }),
    kind: documentKind().notNull(),
    travelerIndex: integer(),
    version: integer().notNull().default(1),
    storageKey: text().notNull(),
    contentType: varchar({ length: 100 }).notNull().default("application/pdf"),
    sizeBytes: integer().notNull(),
    /** sha256 of what the document shows (and its template version): unchanged content is not stored again. */
    contentHash: text().notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [
    check("documents_size_nonnegative", sql`${t.sizeBytes} >= 0`),
    check("documents_version_positive", sql`${t.version} >= 1`),
    index("documents_booking").on(t.bookingId, t.createdAt.desc()),
    // One row per version of each document (kind, item, traveler) of a booking; nulls are equal here.
    unique("documents_version_unique")
      .on(t.bookingId, t.kind, t.bookingItemId, t.travelerIndex, t.version)
      .nullsNotDistinct(),
  ],
);

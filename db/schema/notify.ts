import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, unique, uniqueIndex, uuid, varchar } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { bookings } from "./bookings";
import { createdAt, tz } from "./columns";
import { bookingCommunications } from "./comms";
import { commChannel } from "./enums";

/** A traveler's preferred channel for booking messages (no row: e-mail). */
export const notificationPreferences = pgTable("notification_preferences", {
  userId: uuid()
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  channel: commChannel().notNull().default("email"),
  updatedAt: tz().notNull().defaultNow(),
});

/** Web Push subscriptions of the portal (PushSubscription.toJSON()); removed when the push service says gone. */
export const pushSubscriptions = pgTable(
  "push_subscriptions",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    endpoint: text().notNull(),
    p256dh: text().notNull(),
    auth: text().notNull(),
    expiresAt: tz(),
    lastSuccessAt: tz(),
    createdAt: createdAt(),
  },
  (t) => [unique("push_subscriptions_endpoint").on(t.endpoint), index("push_subscriptions_user").on(t.userId)],
);

/**
 * An address that bounced, was complained about or cannot take SMS: nothing more is sent to it
 * until ops fix the contact (resolvedAt). One open flag per channel and address.
 */
export const contactFlags = pgTable(
  "contact_flags",
  {
    id: uuid().primaryKey().defaultRandom(),
    channel: commChannel().notNull(),
    /** Lower-cased e-mail address or E.164 phone number. */
    address: text().notNull(),
    reason: varchar({ length: 50 }).notNull(),
    detail: text(),
    bookingId: uuid().references(() => bookings.id, { onDelete: "set null" }),
    communicationId: uuid().references(() => bookingCommunications.id, { onDelete: "set null" }),
    resolvedAt: tz(),
    resolvedBy: text(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("contact_flags_open")
      .on(t.channel, t.address)
      .where(sql`${t.resolvedAt} IS NULL`),
  ],
);

/** Delivery events of a message (Resend webhooks, local channels), each kept once by its source's id. */
export const communicationEvents = pgTable(
  "communication_events",
  {
    id: uuid().primaryKey().defaultRandom(),
    communicationId: uuid().references(() => bookingCommunications.id, { onDelete: "cascade" }),
    /** "resend" (svix-id), "local" (signed like Resend), "twilio", "push". */
    source: varchar({ length: 20 }).notNull(),
    externalId: text().notNull(),
    type: varchar({ length: 50 }).notNull(),
    payload: jsonb().notNull(),
    occurredAt: tz(),
    createdAt: createdAt(),
  },
  (t) => [
    unique("communication_events_external").on(t.source, t.externalId),
    index("communication_events_communication").on(t.communicationId, t.createdAt),
  ],
);

/** What was rendered for a message at its last send: the outbox preview shows exactly this. */
export const communicationContents = pgTable("communication_contents", {
  communicationId: uuid()
    .primaryKey()
    .references(() => bookingCommunications.id, { onDelete: "cascade" }),
  subject: text(),
  html: text(),
  text: text().notNull(),
  renderedAt: tz().notNull().defaultNow(),
});

/** The local SMS channel's state (Twilio's role when no Twilio keys are set). */
export const localSmsMessages = pgTable(
  "local_sms_messages",
  {
    id: uuid().primaryKey().defaultRandom(),
    toNumber: text().notNull(),
    fromNumber: text().notNull(),
    body: text().notNull(),
    /** "delivered" or "undelivered" (Twilio's words). */
    status: varchar({ length: 20 }).notNull(),
    errorCode: integer(),
    idempotencyKey: text(),
    communicationId: uuid().references(() => bookingCommunications.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("local_sms_idempotency")
      .on(t.idempotencyKey)
      .where(sql`${t.idempotencyKey} IS NOT NULL`),
  ],
);

/** The local push service's state: what each subscription endpoint received. */
export const localPushMessages = pgTable(
  "local_push_messages",
  {
    id: uuid().primaryKey().defaultRandom(),
    endpoint: text().notNull(),
    payload: jsonb().notNull(),
    idempotencyKey: text(),
    communicationId: uuid().references(() => bookingCommunications.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("local_push_idempotency")
      .on(t.idempotencyKey, t.endpoint)
      .where(sql`${t.idempotencyKey} IS NOT NULL`),
  ],
);

/**
 * Fault injection for the local channels (tests, the demo): the next `remaining` sends to `target`
 * (every send when null) fail this way. email: transient | bounce | complaint; sms: transient |
 * undeliverable; push: transient | expired | invalid.
 */
export const notifyFaults = pgTable(
  "notify_faults",
  {
    id: uuid().primaryKey().defaultRandom(),
    channel: commChannel().notNull(),
    target: text().notNull(),
    kind: varchar({ length: 20 }).notNull(),
    remaining: integer(),
    createdAt: createdAt(),
  },
  (t) => [index("notify_faults_target").on(t.channel, t.target)],
);

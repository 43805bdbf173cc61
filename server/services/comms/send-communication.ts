import { and, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { sqlList } from "@/db/raw-sql";
import { bookingCommunications, bookings, communicationContents, pushSubscriptions } from "@/db/schema";
import { type Channels, notifyChannels } from "@/server/notify";
import type { SimulatedEmailEvent } from "@/server/notify/email";
import { NotifyError } from "@/server/notify/errors";
import { sendableCommStatuses } from "@/server/domain/statuses";
import { raiseAlert } from "@/server/services/escalation/raise-alert";
import { MAX_RETRIES, retryDelayMs } from "./delivery-status";
import { documentAttachments } from "./document-attachments";
import { flagContact, openFlag } from "./flag-contact";
import { emitLocalEmailEvents } from "./local-email-events";
import { queueCommunication } from "./queue-communication";
import { renderCommunication, type RenderedMessage } from "./render-communication";

type Comm = typeof bookingCommunications.$inferSelect;
export type SendOutcome = "sent" | "failed" | "retry_scheduled" | "bounced" | "fell_back" | "cancelled" | "skipped";
type Options = { channels?: Channels; now?: Date };

const LEASE_MS = 10 * 60_000;
// Reminders and review requests lose their point when the booking is cancelled meanwhile.
const cancelledWithBooking = new Set(["trip_reminder", "reminder_email", "review_request"]);

/**
 * Sends one queued message: claim it (a short lease, so a second run skips it), render, call the
 * channel OUTSIDE any transaction with an idempotency key per message, then record the result in
 * a small transaction. Transient failures are retried with backoff up to 3 times, then alerted;
 * permanent ones flag the contact. Safe to call again for the same id at any point.
 */
export async function sendCommunication(db: Db, id: string, opts: Options = {}): Promise<SendOutcome> {
  const now = opts.now ?? new Date();
  const comm = await claim(db, id, now);
  if (!comm) return "skipped";
  const [b] = await db
    .select({ status: bookings.status, reference: bookings.bookingReference, contactEmail: bookings.contactEmail })
    .from(bookings)
    .where(eq(bookings.id, comm.bookingId));
  if (cancelledWithBooking.has(comm.type) && b.status === "cancelled") {
    await db
      .update(bookingCommunications)
      .set({ status: "cancelled", nextRetryAt: null, failureReason: "Booking cancelled before sending" })
      .where(eq(bookingCommunications.id, comm.id));
    return "cancelled";
  }
  const address = comm.channel === "sms" ? comm.recipientPhone : comm.channel === "email" ? comm.recipientEmail : null;
  const flagged = address ? await openFlag(db, comm.channel, address) : null;
  if (flagged) {
    await fail(db, comm, `Not sent: ${address} is flagged (${flagged}); fix the contact, then resend`, null);
    return "failed";
  }
  const channels = opts.channels ?? notifyChannels(db);
  let rendered: RenderedMessage;
  try {
    rendered = await renderCommunication(db, comm);
  } catch (e) {
    return transientFailure(db, comm, b.reference, `Render failed: ${(e as Error).message}`, now);
  }
  const idempotencyKey = `comm/${comm.id}`;
  try {
    if (comm.channel === "push") return await sendPush(db, comm, rendered, channels, idempotencyKey, now);
    if (comm.channel === "sms") {
      const sent = await channels.sms.send({
        to: comm.recipientPhone!,
        body: rendered.sms,
        communicationId: comm.id,
        idempotencyKey,
      });
      await recordSent(db, comm, rendered, sent, `${rendered.sms}`);
      return "sent";
    }
    const attachments = comm.type === "document_delivery" ? await documentAttachments(db, comm) : [];
    const sent = await channels.email.send({
      to: comm.recipientEmail!,
      subject: rendered.email.subject,
      html: rendered.email.html,
      text: rendered.email.text,
      tag: comm.type,
      communicationId: comm.id,
      idempotencyKey,
      attachments,
    });
    await recordSent(db, comm, rendered, sent, rendered.email.text);
    if (sent.simulated?.length)
      await emitLocalEmailEvents(db, {
        communicationId: comm.id,
        messageId: sent.messageId,
        to: comm.recipientEmail!,
        subject: rendered.email.subject,
        events: sent.simulated as SimulatedEmailEvent[],
      });
    return "sent";
  } catch (e) {
    if (!(e instanceof NotifyError) || e.kind === "transient")
      return transientFailure(db, comm, b.reference, (e as Error).message, now, rendered);
    return permanentFailure(db, comm, b.reference, e.message, rendered);
  }
}

/** Takes the message if it is due: pending, or failed with a retry due. A retry counts here. */
async function claim(db: Db, id: string, now: Date): Promise<Comm | null> {
  const [c] = await db
    .update(bookingCommunications)
    .set({
      nextRetryAt: new Date(now.getTime() + LEASE_MS),
      retryCount: sql`${bookingCommunications.retryCount} + case when ${bookingCommunications.status} = 'failed' then 1 else 0 end`,
    })
    .where(
      and(
        eq(bookingCommunications.id, id),
        or(
          and(
            eq(bookingCommunications.status, "pending"),
            or(isNull(bookingCommunications.nextRetryAt), lte(bookingCommunications.nextRetryAt, now)),
          ),
          and(
            eq(bookingCommunications.status, "failed"),
            sql`${bookingCommunications.retryCount} < ${MAX_RETRIES}`,
            lte(bookingCommunications.nextRetryAt, now),
          ),
        ),
      ),
    )
    .returning();
  return c ?? null;
}

async function saveContent(tx: Tx, comm: Comm, r: RenderedMessage, text: string) {
  const v = {
    subject: r.email.subject,
    html: comm.channel === "email" ? r.email.html : null,
    text,
    renderedAt: new Date(),
  };
  await tx
    .insert(communicationContents)
    .values({ communicationId: comm.id, ...v })
    .onConflictDoUpdate({ target: communicationContents.communicationId, set: v });
}

async function recordSent(
  db: Db,
  comm: Comm,
  r: RenderedMessage,
  sent: { provider: string; messageId: string },
  text: string,
) {
  await db.transaction(async (tx) => {
    // A webhook may already have moved it further ("delivered" before our "sent"): never back.
    await tx
      .update(bookingCommunications)
      .set({
        status: sql`case when ${bookingCommunications.status} in ${sqlList(sendableCommStatuses)} then 'sent'::comm_status else ${bookingCommunications.status} end`,
        provider: sent.provider,
        providerMessageId: sent.messageId,
        subject: r.email.subject.slice(0, 255),
        sentAt: sql`coalesce(${bookingCommunications.sentAt}, now())`,
        nextRetryAt: null,
        failureReason: null,
      })
      .where(eq(bookingCommunications.id, comm.id));
    await saveContent(tx, comm, r, text);
    if (comm.type === "confirmation_email")
      await tx
        .update(bookings)
        .set({ confirmationSent: true, confirmationSentAt: new Date() })
        .where(eq(bookings.id, comm.bookingId));
    if (comm.type === "trip_reminder")
      await tx
        .update(bookings)
        .set({ reminderSent: true, reminderSentAt: new Date() })
        .where(eq(bookings.id, comm.bookingId));
  });
}

/** Failed for good without flagging anything (a flagged contact, a fallback that replaced it). */
async function fail(db: Db | Tx, comm: Comm, reason: string, r: RenderedMessage | null) {
  const run = async (tx: Tx) => {
    await tx
      .update(bookingCommunications)
      .set({ status: "failed", failedAt: new Date(), failureReason: reason, nextRetryAt: null })
      .where(eq(bookingCommunications.id, comm.id));
    if (r)
      await saveContent(
        tx,
        comm,
        r,
        comm.channel === "sms"
          ? r.sms
          : comm.channel === "push"
            ? `${r.push.title}\n${r.push.body}\n${r.push.url}`
            : r.email.text,
      );
  };
  await (db as Db).transaction(run);
}

async function transientFailure(
  db: Db,
  comm: Comm,
  reference: string,
  reason: string,
  now: Date,
  r?: RenderedMessage,
): Promise<SendOutcome> {
  const exhausted = comm.retryCount >= MAX_RETRIES;
  await db.transaction(async (tx) => {
    await tx
      .update(bookingCommunications)
      .set({
        status: "failed",
        failedAt: now,
        failureReason: reason,
        nextRetryAt: exhausted ? null : new Date(now.getTime() + retryDelayMs(comm.retryCount + 1)),
      })
      .where(eq(bookingCommunications.id, comm.id));
    if (r) await saveContent(tx, comm, r, r.email.text);
    if (exhausted) {
      await raiseAlert(tx, {
        severity: "medium",
        source: "comms_retries_exhausted",
        bookingId: comm.bookingId,
        title: `${reference}: ${comm.type} by ${comm.channel} failed after ${MAX_RETRIES} retries`,
        details: { communicationId: comm.id, reason },
        dedupeKey: `comms_retries_exhausted:${comm.id}`,
      });
    }
  });
  return exhausted ? "failed" : "retry_scheduled";
}

async function permanentFailure(
  db: Db,
  comm: Comm,
  reference: string,
  reason: string,
  r: RenderedMessage,
): Promise<SendOutcome> {
  await db.transaction(async (tx) => {
    await tx
      .update(bookingCommunications)
      .set({ status: "bounced", failedAt: new Date(), failureReason: reason, nextRetryAt: null })
      .where(eq(bookingCommunications.id, comm.id));
    await saveContent(tx, comm, r, comm.channel === "sms" ? r.sms : r.email.text);
    const address = comm.channel === "sms" ? comm.recipientPhone : comm.recipientEmail;
    if (address) {
      await flagContact(tx, {
        channel: comm.channel,
        address,
        reason: comm.channel === "sms" ? "undeliverable" : "bounced",
        detail: reason,
        bookingId: comm.bookingId,
        communicationId: comm.id,
        reference,
      });
    }
    // An SMS that cannot arrive still has something to say: by e-mail.
    if (comm.channel === "sms") await queueFallback(tx, comm);
  });
  return "bounced";
}

/**
 * Push to every subscription of the traveler; the ones the push service calls gone are removed.
 * None left (or none at all): the message goes by e-mail instead.
 */
async function sendPush(
  db: Db,
  comm: Comm,
  r: RenderedMessage,
  channels: Channels,
  idempotencyKey: string,
  now: Date,
): Promise<SendOutcome> {
  const subs = comm.recipientUserId
    ? await db.select().from(pushSubscriptions).where(eq(pushSubscriptions.userId, comm.recipientUserId))
    : [];
  const delivered: { subscriptionId: string; messageId: string; provider: string }[] = [],
    gone: string[] = [];
  let lastError: NotifyError | null = null;
  for (const s of subs) {
    try {
      const sent = await channels.push.send({
        subscription: { endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } },
        payload: r.push,
        communicationId: comm.id,
        idempotencyKey,
      });
      delivered.push({ subscriptionId: s.id, ...sent });
    } catch (e) {
      if (e instanceof NotifyError && e.kind === "gone") gone.push(s.id);
      else lastError = e instanceof NotifyError ? e : new NotifyError("transient", (e as Error).message);
    }
  }
  const text = `${r.push.title}\n${r.push.body}\n${r.push.url}`;
  if (gone.length) await db.delete(pushSubscriptions).where(inArray(pushSubscriptions.id, gone));
  if (delivered.length) {
    await recordSent(db, comm, r, delivered[0], text);
    await db
      .update(pushSubscriptions)
      .set({ lastSuccessAt: now })
      .where(
        inArray(
          pushSubscriptions.id,
          delivered.map((d) => d.subscriptionId),
        ),
      );
    return "sent";
  }
  if (lastError && lastError.kind === "transient") {
    const [b] = await db
      .select({ reference: bookings.bookingReference })
      .from(bookings)
      .where(eq(bookings.id, comm.bookingId));
    return transientFailure(db, comm, b.reference, lastError.message, now, r);
  }
  await db.transaction(async (tx) => {
    await fail(
      tx,
      comm,
      subs.length
        ? `Push subscription${gone.length > 1 ? "s" : ""} expired or invalid (removed); sent by e-mail instead`
        : "No push subscription; sent by e-mail instead",
      r,
    );
    await queueFallback(tx, comm);
  });
  return "fell_back";
}

/** The same message by e-mail, queued once (its own dedupe key). */
async function queueFallback(tx: Tx, comm: Comm) {
  await queueCommunication(tx, {
    bookingId: comm.bookingId,
    type: comm.type,
    channel: "email",
    templateId: comm.templateId,
    templateData: (comm.templateData ?? {}) as Record<string, unknown>,
    dedupeKey: `${comm.dedupeKey ?? comm.id}:email`,
  });
}

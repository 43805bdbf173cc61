import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  bookingCommunications,
  bookings,
  communicationContents,
  communicationEvents,
  contactFlags,
  mailOutbox,
} from "@/db/schema";
import { DomainError } from "@/server/domain/errors";
import { keysetPage, type PageRequest } from "@/server/domain/page-cursor";
import type { CommStatus } from "@/server/domain/statuses";
import { keyset } from "@/server/services/paging/keyset";

export type OutboxFilter = { status?: CommStatus; channel?: "email" | "sms" | "push" } & PageRequest;

/** The message outbox: every message with its status, channel and recipient, newest first, a keyset page at a time. */
export async function listOutbox(db: Db, f: OutboxFilter) {
  const page = keyset(f, bookingCommunications.createdAt, bookingCommunications.id);
  const where: (SQL | undefined)[] = [page.where];
  if (f.status) where.push(eq(bookingCommunications.status, f.status));
  if (f.channel) where.push(eq(bookingCommunications.channel, f.channel));
  const rows = await db
    .select({
      id: bookingCommunications.id,
      pageAt: page.pageAt,
      createdAt: bookingCommunications.createdAt,
      type: bookingCommunications.type,
      channel: bookingCommunications.channel,
      status: bookingCommunications.status,
      to: sql<string>`coalesce(${bookingCommunications.recipientPhone}, ${bookingCommunications.recipientEmail}, '')`,
      subject: bookingCommunications.subject,
      retryCount: bookingCommunications.retryCount,
      failureReason: bookingCommunications.failureReason,
      bookingId: bookingCommunications.bookingId,
      reference: bookings.bookingReference,
      events: sql<number>`(select count(*)::int from ${communicationEvents} e where e.communication_id = ${bookingCommunications.id})`,
    })
    .from(bookingCommunications)
    .innerJoin(bookings, eq(bookings.id, bookingCommunications.bookingId))
    .where(and(...where))
    .orderBy(...page.orderBy)
    .limit(page.limit);
  return keysetPage(rows, f, (r) => ({ at: r.pageAt, id: r.id }));
}

/** Sign-in and other mail that is not about a booking (the local channel only). */
export const listAccountMail = (db: Db, limit = 50) =>
  db
    .select({
      id: mailOutbox.id,
      to: mailOutbox.toAddress,
      subject: mailOutbox.subject,
      tag: mailOutbox.tag,
      createdAt: mailOutbox.createdAt,
    })
    .from(mailOutbox)
    .where(sql`${mailOutbox.communicationId} is null`)
    .orderBy(desc(mailOutbox.createdAt))
    .limit(limit);

/** One message: what was rendered (or, for older rows, what the local outbox kept), its delivery events, the contact's flag. */
export async function getOutboxMessage(db: Db, id: string) {
  const [m] = await db
    .select({ comm: bookingCommunications, reference: bookings.bookingReference })
    .from(bookingCommunications)
    .innerJoin(bookings, eq(bookings.id, bookingCommunications.bookingId))
    .where(eq(bookingCommunications.id, id));
  if (!m) throw new DomainError("not_found", "No such message");
  const [content] = await db.select().from(communicationContents).where(eq(communicationContents.communicationId, id));
  const [mail] = content ? [] : await db.select().from(mailOutbox).where(eq(mailOutbox.communicationId, id)).limit(1);
  const events = await db
    .select({
      id: communicationEvents.id,
      type: communicationEvents.type,
      source: communicationEvents.source,
      createdAt: communicationEvents.createdAt,
      occurredAt: communicationEvents.occurredAt,
    })
    .from(communicationEvents)
    .where(eq(communicationEvents.communicationId, id))
    .orderBy(communicationEvents.createdAt);
  const address = (m.comm.channel === "sms" ? m.comm.recipientPhone : m.comm.recipientEmail)?.toLowerCase() ?? "";
  const [flag] = await db
    .select()
    .from(contactFlags)
    .where(
      and(
        eq(contactFlags.channel, m.comm.channel),
        eq(contactFlags.address, address),
        sql`${contactFlags.resolvedAt} is null`,
      ),
    );
  return {
    ...m.comm,
    reference: m.reference,
    events,
    flag: flag ?? null,
    preview: content
      ? { subject: content.subject, html: content.html, text: content.text }
      : mail
        ? { subject: mail.subject, html: mail.html, text: mail.text }
        : null,
  };
}

/** Ops fixed the contact: sends to this address may resume. */
export async function clearContactFlag(db: Db, input: { id: string; by: string }) {
  const [f] = await db
    .update(contactFlags)
    .set({ resolvedAt: new Date(), resolvedBy: input.by })
    .where(and(eq(contactFlags.id, input.id), sql`${contactFlags.resolvedAt} is null`))
    .returning();
  if (!f) throw new DomainError("not_found", "No open flag");
  if (f.channel === "email")
    await db.execute(sql`update users set email_flagged_at = null where lower(email) = ${f.address}`);
  return f;
}

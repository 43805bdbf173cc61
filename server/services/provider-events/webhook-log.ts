import { and, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { bookings, providerWebhooks } from "@/db/schema";
import { DomainError } from "@/server/domain/errors";
import { keysetPage, pageInput, type PageRequest, pageRequest } from "@/server/domain/page-cursor";
import { recordEvent } from "@/server/services/events/record-event";
import { keyset } from "@/server/services/paging/keyset";

export const webhookStates = ["processed", "pending", "unmatched", "failed"] as const;
/** The log's filters (as the page reads them from its URL) and a keyset page. */
export const webhookFilters = {
  provider: z.string().max(50).optional(),
  state: z.enum(webhookStates).optional(),
  type: z.string().max(100).optional(),
};
export const webhookLogInput = z.object({ ...webhookFilters, ...pageInput }).prefault({});
export type WebhookLogFilter = {
  provider?: string;
  state?: (typeof webhookStates)[number];
  type?: string;
} & Partial<PageRequest>;

// Pending, unmatched and failed are all unprocessed: the partial index of unprocessed webhooks.
const stateFilter: Record<(typeof webhookStates)[number], SQL> = {
  processed: sql`${providerWebhooks.processed}`,
  pending: sql`not ${providerWebhooks.processed} and ${providerWebhooks.processingError} is null and ${providerWebhooks.matchError} is null`,
  unmatched: sql`not ${providerWebhooks.processed} and not ${providerWebhooks.matched} and ${providerWebhooks.matchError} is not null`,
  failed: sql`not ${providerWebhooks.processed} and ${providerWebhooks.processingError} is not null`,
};

/** The webhook log of /ops/webhooks, newest first, a keyset page at a time. */
export async function listWebhooks(db: Db, f: WebhookLogFilter = {}) {
  const req = pageRequest(f);
  const page = keyset(req, providerWebhooks.receivedAt, providerWebhooks.id);
  const where = and(
    page.where,
    f.provider ? eq(providerWebhooks.providerCode, f.provider) : undefined,
    f.type ? eq(providerWebhooks.eventType, f.type) : undefined,
    f.state ? stateFilter[f.state] : undefined,
  );
  const rows = await db
    .select({
      id: providerWebhooks.id,
      pageAt: page.pageAt,
      provider: providerWebhooks.providerCode,
      webhookId: providerWebhooks.webhookId,
      type: providerWebhooks.eventType,
      occurredAt: providerWebhooks.occurredAt,
      receivedAt: providerWebhooks.receivedAt,
      matched: providerWebhooks.matched,
      processed: providerWebhooks.processed,
      action: providerWebhooks.actionTaken,
      error: sql<string | null>`coalesce(${providerWebhooks.processingError}, ${providerWebhooks.matchError})`,
      bookingId: providerWebhooks.bookingId,
      reference: bookings.bookingReference,
      attempts: providerWebhooks.attempts,
    })
    .from(providerWebhooks)
    .leftJoin(bookings, eq(bookings.id, providerWebhooks.bookingId))
    .where(where)
    .orderBy(...page.orderBy)
    .limit(page.limit);
  return keysetPage(rows, req, (r) => ({ at: r.pageAt, id: r.id }));
}

export async function getWebhook(db: Db, id: string) {
  const [row] = await db
    .select({ webhook: providerWebhooks, reference: bookings.bookingReference })
    .from(providerWebhooks)
    .leftJoin(bookings, eq(bookings.id, providerWebhooks.bookingId))
    .where(eq(providerWebhooks.id, id));
  if (!row) throw new DomainError("not_found", "No such webhook");
  return { ...row.webhook, reference: row.reference };
}

/**
 * Replays a webhook that was not processed (unmatched, failed): clears its error and sends it
 * through the processing function again, by the same outbox path as a new one.
 */
export async function replayWebhook(db: Db, id: string) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(providerWebhooks)
      .set({ processingError: null, matchError: null })
      .where(and(eq(providerWebhooks.id, id), eq(providerWebhooks.processed, false)))
      .returning();
    if (!row) {
      const [exists] = await tx
        .select({ id: providerWebhooks.id })
        .from(providerWebhooks)
        .where(eq(providerWebhooks.id, id));
      throw exists
        ? new DomainError("conflict", "This webhook was already processed")
        : new DomainError("not_found", "No such webhook");
    }
    await recordEvent(tx, "provider_webhook/received", {
      webhookRowId: row.id,
      provider: row.providerCode,
      type: row.eventType,
      replay: true,
    });
    return { ok: true };
  });
}

import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bookingItems, providerWebhooks } from "@/db/schema";
import { DomainError } from "@/server/domain/errors";
import { raiseAlert } from "@/server/services/escalation/raise-alert";
import { transitionItem } from "@/server/services/lifecycle";
import { applyScheduleChange } from "./apply-schedule-change";
import { handleProviderCancellation } from "./handle-provider-cancellation";

type Payload = { provider_booking_id?: string; type?: string; data?: Record<string, unknown> };
export type ProcessOutcome =
  | { status: "processed"; action: string; applied: boolean }
  | { status: "unmatched"; error: string }
  | { status: "failed"; error: string }
  | { status: "already_processed" };

/**
 * Processes one stored provider webhook: match it to our item by the provider's booking id, then
 * act by type through the lifecycle services. The row keeps what happened (action, details) or
 * why not (match or processing error), so nothing fails silently; a thrown error leaves the row
 * unprocessed for the function's retry and for replay from /ops/webhooks.
 */
export async function processProviderWebhook(db: Db, webhookRowId: string): Promise<ProcessOutcome> {
  const [row] = await db.select().from(providerWebhooks).where(eq(providerWebhooks.id, webhookRowId));
  if (!row) throw new DomainError("not_found", `No stored webhook ${webhookRowId}`);
  if (row.processed) return { status: "already_processed" };
  const payload = row.payload as Payload;
  const ref = payload.provider_booking_id ?? "";
  const [item] = await db.select({ id: bookingItems.id, bookingId: bookingItems.bookingId, details: bookingItems.itemDetails }).from(bookingItems)
    .where(and(eq(bookingItems.providerCode, row.providerCode), eq(bookingItems.providerBookingId, ref)));
  await db.update(providerWebhooks).set({ attempts: sql`${providerWebhooks.attempts} + 1`, matchAttemptedAt: new Date() }).where(eq(providerWebhooks.id, row.id));
  if (!item) {
    const error = `No booking item with provider booking id ${ref || "(missing)"}`;
    await db.update(providerWebhooks).set({ matched: false, matchError: error }).where(eq(providerWebhooks.id, row.id));
    return { status: "unmatched", error };
  }
  await db.update(providerWebhooks).set({ matched: true, matchError: null, bookingId: item.bookingId, bookingItemId: item.id }).where(eq(providerWebhooks.id, row.id));

  const ctx = {
    itemId: item.id, actor: "webhook" as const, providerEventType: row.eventType, providerRawData: row.payload,
    providerEventAt: row.occurredAt,
  };
  try {
    let action = "ignored", applied = false, details: Record<string, unknown> = {};
    switch (row.eventType) {
      case "booking.cancelled": case "booking.unavailable": {
        const r = await handleProviderCancellation(db, { ...ctx, reason: `${row.providerCode}: ${String(payload.data?.reason ?? row.eventType)}` });
        action = "provider_cancellation"; applied = r.applied; details = r;
        break;
      }
      case "booking.schedule_changed": {
        const newDetails = (payload.data?.details ?? {}) as Record<string, unknown>;
        const r = await applyScheduleChange(db, { ...ctx, newDetails, summary: String(payload.data?.summary ?? "The provider changed the schedule") });
        action = "schedule_change"; applied = r.applied; details = r;
        break;
      }
      case "booking.ticketed": case "booking.confirmed": case "booking.modified": {
        const to = row.eventType === "booking.ticketed" ? "ticketed" : row.eventType === "booking.confirmed" ? "confirmed" : "modified";
        const r = await transitionItem(db, { ...ctx, to, reason: `${row.providerCode} reports the booking ${to}` });
        action = "status_change"; applied = r.applied; details = { from: r.from, to: r.to, skipped: r.reason ?? null };
        break;
      }
      case "booking.relocated": case "booking.downgraded": {
        // A hotel moved the guest or gave a lesser room: a change for a human to judge (compensation, rebooking).
        const r = await transitionItem(db, { ...ctx, to: "modified", reason: String(payload.data?.summary ?? row.eventType) });
        await raiseAlert(db, {
          severity: "high", source: row.eventType.replace("booking.", "provider_"), title: `${row.providerCode}: ${String(payload.data?.summary ?? row.eventType)}`,
          details: { itemId: item.id, webhookId: row.id }, bookingId: item.bookingId, dedupeKey: `${row.eventType}:${item.id}`,
        });
        action = "provider_change"; applied = r.applied; details = { from: r.from, to: r.to };
        break;
      }
    }
    await db.update(providerWebhooks).set({ processed: true, processedAt: new Date(), processingError: null, actionTaken: action, actionDetails: { applied, ...details } })
      .where(eq(providerWebhooks.id, row.id));
    return { status: "processed", action, applied };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    await db.update(providerWebhooks).set({ processingError: error }).where(eq(providerWebhooks.id, row.id));
    // A refused transition will be refused again: keep it visible for a human, do not retry it.
    if (e instanceof DomainError) return { status: "failed", error };
    throw e;
  }
}

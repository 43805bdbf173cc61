import { z } from "zod";
import { bookingStatuses, commTypes, itemStatuses } from "@/server/domain/statuses";
import { actor, instant, rowId } from "../fields";
import { declare } from "./declare";

const bookingRef = { bookingId: rowId };

// Bookings and items: lifecycle, provider sync and webhooks, documents and messages.
export const bookingEvents = {
  // Lifecycle (server/services/lifecycle, and the webhook batch path in SQL)
  bookingStatusChanged: declare(
    "booking/status_changed",
    z.object({
      bookingId: rowId,
      from: z.enum(bookingStatuses),
      to: z.enum(bookingStatuses),
      actor,
      reason: z.string(),
      causedByItemId: rowId.optional(),
    }),
  ),
  itemStatusChanged: declare(
    "item/status_changed",
    z.object({
      itemId: rowId,
      bookingId: rowId,
      from: z.enum(itemStatuses),
      to: z.enum(itemStatuses),
      actor,
      reason: z.string(),
    }),
  ),
  bookingCompleted: declare(
    "booking/completed",
    z.object({ bookingId: rowId, reference: z.string(), completedAt: instant }),
    { historyOnly: "review requests follow from bookings.completed_at (the hourly review-requests job)" },
  ),
  bookingCreated: declare(
    "booking/created",
    // A pending one starts the intake journey (inngest/functions/confirm-intake.ts).
    z.object({ bookingId: rowId, status: z.enum(bookingStatuses), actor, reason: z.string() }),
  ),

  // Provider sync and webhooks
  syncProviderRequested: declare(
    "sync/provider.requested",
    z.object({ providerCode: z.string(), dueBefore: instant, requestedBy: actor.optional() }),
  ),
  providerWebhookReceived: declare(
    "provider_webhook/received",
    z.object({ webhookRowId: rowId, provider: z.string(), type: z.string(), replay: z.boolean().optional() }),
  ),
  paymentWebhookReceived: declare(
    "payment_webhook/received",
    z.object({ paymentEventId: rowId, type: z.string(), objectId: z.string().nullable() }),
  ),

  // Documents and messages
  documentsRequested: declare("documents/requested", z.object({ ...bookingRef, reason: z.string().optional() })),
  documentsGenerated: declare(
    "documents/generated",
    z.object({
      ...bookingRef,
      documents: z.array(z.object({ id: rowId, kind: z.string(), version: z.number().int() })),
    }),
    { historyOnly: "the documents are stored and shown by the portal; nothing follows their generation" },
  ),
  communicationQueued: declare(
    "communication/queued",
    z.object({ communicationId: rowId, bookingId: rowId, type: z.enum(commTypes) }),
  ),
};

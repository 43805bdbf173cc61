import { and, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { bookingItems, bookings, cancellationRequests } from "@/db/schema";
import { assertAllowed, availableActions, type ActionViewer } from "@/server/domain/available-actions";
import { DomainError } from "@/server/domain/errors";
import { quoteRefund, type QuoteItemInput } from "@/server/domain/refund-quote";
import { returnedSoFar } from "./returned-so-far";
import { actorLabel, type Actor, type ActorKind } from "@/server/domain/actor";
import { busyCancellationStatuses } from "@/server/domain/statuses";
import { actorOf, type Viewer } from "@/server/domain/viewer";
import { loadActionFacts } from "@/server/services/bookings/action-facts";
import { ownedBy } from "@/server/services/bookings/owned-by";
import { recordEvent } from "@/server/services/events/record-event";

/** How long a traveler has to confirm a quote, unless a costlier tier starts sooner. */
export const QUOTE_TTL_MS = 30 * 60_000;

export type CancellationScope = { viewer: Viewer } | { actor: Actor };
/** Who asks, as available actions know them: the traveler or guest, or support. */
export const cancellationViewer = (scope: CancellationScope): ActionViewer =>
  "viewer" in scope ? scope.viewer : { kind: "ops", userId: actorLabel(scope.actor) };
export type RequestCancellationInput = {
  bookingId?: string;
  reference?: string;
  /** Items to cancel; none: every item still live (a full cancellation). */
  itemIds?: string[];
  reason?: string;
  /** Support only: refund in full whatever the policy says (a goodwill or provider-caused case). */
  waiveFees?: boolean;
  now?: Date;
};

/**
 * Step one of a cancellation: an itemised quote the traveler confirms (docs/architecture.md,
 * "Cancellation requests": request → quote (expires) → confirm → cancel with each provider →
 * refund → notify). One open cancellation per
 * booking (a partial unique index): an unconfirmed quote is replaced by a new one, one already
 * being processed is a conflict. The quote expires after 30 minutes, or when the next policy tier
 * starts if that is sooner, so a traveler never confirms a price that is no longer true.
 */
export async function requestCancellation(db: Db, scope: CancellationScope, input: RequestCancellationInput) {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const booking = await lockBooking(tx, scope, input);
    // The same rules the portal and the console show (server/domain/available-actions), judged under the lock.
    const facts = await loadActionFacts(tx, booking.id);
    const actions = availableActions({ ...facts, viewer: cancellationViewer(scope), now });
    const action = input.waiveFees ? "waive_cancellation_fees" : "cancel";
    const verdicts = actions[action].items ?? [];
    const unknown = (input.itemIds ?? []).filter((id) => !verdicts.some((v) => v.itemId === id));
    if (unknown.length)
      throw new DomainError("invalid", "Some items are not in this booking", { field: "itemIds", itemIds: unknown });
    // Items named: each must qualify. None: the whole booking, every item that qualifies.
    if (input.itemIds?.length) for (const itemId of new Set(input.itemIds)) assertAllowed(actions, action, { itemId });
    else assertAllowed(actions, action);
    const wanted = input.itemIds?.length
      ? [...new Set(input.itemIds)]
      : verdicts.filter((v) => v.allowed).map((v) => v.itemId);

    await supersedeOpenQuote(tx, booking.id);
    const items = await tx.select().from(bookingItems).where(eq(bookingItems.bookingId, booking.id));
    const live = items.filter((i) => verdicts.some((v) => v.allowed && v.itemId === i.id));
    const chosen = live.filter((i) => wanted.includes(i.id));
    // Net of what already went back on each item, and never above what the payments still hold.
    const returned = await returnedSoFar(tx, booking.id);
    const quote = quoteRefund(
      booking.currency,
      chosen.map((i) => ({ ...quoteInput(i), returnedMinor: returned.byItem.get(i.id) ?? 0 })),
      now,
      {
        waiveFees: input.waiveFees,
        waiveReason: input.waiveFees ? "Fees waived by support" : undefined,
        refundableMinor: returned.refundableMinor,
      },
    );
    const expires = Math.min(now.getTime() + QUOTE_TTL_MS, quote.changesAt ? Date.parse(quote.changesAt) : Infinity);
    // Ops acting for the owner records itself as the requester (docs/architecture.md, "Actors").
    const by = "actor" in scope ? scope.actor : actorOf(scope.viewer);
    const requestedBy: ActorKind = by.kind;
    const [c] = await tx
      .insert(cancellationRequests)
      .values({
        bookingId: booking.id,
        requestedBy,
        requestReason: input.reason?.slice(0, 255) ?? null,
        requestNotes:
          by.kind === "ops" ? `Requested by ${actorLabel(by)}${by.onBehalfOf ? ` for ${by.onBehalfOf}` : ""}` : null,
        cancellationType: wanted.length === live.length ? "full" : "partial",
        itemsToCancel: wanted,
        status: "awaiting_confirmation",
        refundCalculation: quote,
        policyApplied: quote.items.map((l) => ({ itemId: l.itemId, policy: l.policy, penalty: l.penalty })),
        quoteExpiresAt: new Date(expires),
        providerCancellations: chosen.map((i) => ({ provider: i.providerCode, itemId: i.id, status: "pending" })),
      })
      .returning();
    await recordEvent(tx, "cancellation/quoted", {
      cancellationId: c.id,
      bookingId: booking.id,
      refundMinor: quote.refundMinor,
      currency: quote.currency,
    });
    return c;
  });
}

async function lockBooking(tx: Tx, scope: CancellationScope, input: RequestCancellationInput) {
  const key = input.bookingId
    ? eq(bookings.id, input.bookingId)
    : input.reference
      ? eq(bookings.bookingReference, input.reference.trim().toUpperCase())
      : null;
  if (!key) throw new DomainError("invalid", "Say which booking to cancel", { field: "reference" });
  const [b] = await tx
    .select({ id: bookings.id, status: bookings.status, currency: bookings.currency })
    .from(bookings)
    .where("viewer" in scope ? and(key, ownedBy(scope.viewer)) : key)
    .for("update");
  if (!b) throw new DomainError("not_found", "Booking not found");
  return b;
}

/**
 * An unconfirmed quote gives way to a new one; one already confirmed does not. (Available actions
 * refused that already; this catches a quote confirmed between that read and this update.)
 */
async function supersedeOpenQuote(tx: Tx, bookingId: string) {
  await tx
    .update(cancellationRequests)
    .set({ status: "expired" })
    .where(
      and(eq(cancellationRequests.bookingId, bookingId), eq(cancellationRequests.status, "awaiting_confirmation")),
    );
  const [open] = await tx
    .select({ id: cancellationRequests.id, status: cancellationRequests.status })
    .from(cancellationRequests)
    .where(
      and(
        eq(cancellationRequests.bookingId, bookingId),
        inArray(cancellationRequests.status, [...busyCancellationStatuses]),
      ),
    );
  if (open)
    throw new DomainError("conflict", `A cancellation of this booking is already ${open.status}`, {
      cancellationId: open.id,
    });
}

function quoteInput(i: typeof bookingItems.$inferSelect): QuoteItemInput {
  const d = i.itemDetails as { nights?: unknown; days?: unknown };
  const span =
    i.startAt && i.endAt ? Math.max(1, Math.round((i.endAt.getTime() - i.startAt.getTime()) / 86_400_000)) : 1;
  const nights = typeof d.nights === "number" ? d.nights : typeof d.days === "number" ? d.days : span;
  return {
    itemId: i.id,
    chargeShareMinor: i.chargeShareMinor,
    policy: i.cancellationPolicy ?? null,
    nights: Math.max(1, nights),
  };
}

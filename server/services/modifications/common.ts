// Shared pieces of the modification flows: finding what a viewer may change, and moving a
// modification row between statuses with its outbox event in the caller's transaction.
import { and, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { bookingItems, bookingModifications, bookings, paymentTransactions } from "@/db/schema";
import { assertAllowed, type ActionTarget, type AvailableActions } from "@/server/domain/available-actions";
import type { Actor } from "@/server/domain/actor";
import { DomainError } from "@/server/domain/errors";
import type { Viewer } from "@/server/domain/viewer";
import { actionsFor } from "@/server/services/bookings/action-facts";
import { ownedBy } from "@/server/services/bookings/owned-by";
import { recordEvent } from "@/server/services/events/record-event";

export type Modification = typeof bookingModifications.$inferSelect;
export type ModificationStatus = Modification["status"];
export type BookingRow = typeof bookings.$inferSelect;
export type ItemRow = typeof bookingItems.$inferSelect;

/** What a modification's `request_details` holds, per kind (written by request-modification.ts). */
export type NameTarget = {
  itemId: string;
  providerCode: string;
  providerBookingId: string;
  feeMinor: number;
  providerFeeMinor: number;
};
export type RequestDetails = (
  | {
      kind: "name_change";
      travelerIndex: number;
      from: { firstName: string; lastName: string };
      to: { firstName: string; lastName: string };
      targets: NameTarget[];
      expiresAt: string;
      payment?: PaymentInfo;
    }
  | {
      kind: "date_change";
      itemId: string;
      providerCode: string;
      providerBookingId: string;
      startDate: string;
      endDate: string;
      startAt: string;
      endAt: string;
      details: Record<string, unknown>;
      newPriceMinor: number;
      providerCurrency: string;
      newShareMinor: number;
      refundMinor: number;
      expiresAt: string;
      payment?: PaymentInfo;
    }
  | { kind: "special_request"; itemId: string; providerCode: string; providerBookingId: string; text: string }
  | { kind: "contact_update"; contact: { email: string; phone?: string; name: string } }
) & {
  /** Ops acting for the traveler: the full actor, for the change's history rows (docs/architecture.md, "Actors"). */
  by?: Actor;
};
export type PaymentInfo = { intentId: string; nextActionUrl?: string | null; status: string };

/** How long a quoted change (fee, price) holds before the traveler must ask again. */
export const QUOTE_TTL_MS = 30 * 60_000;

/**
 * The viewer's booking by reference, if this change is available on it (for this item or traveler)
 * by the rules the portal shows (server/domain/available-actions); someone else's is not found.
 */
export async function modifiableBooking(
  db: Db | Tx,
  viewer: Viewer,
  reference: string,
  action: "change_name" | "change_dates" | "special_request" | "update_contact",
  target?: ActionTarget,
): Promise<{ booking: BookingRow; items: ItemRow[]; actions: AvailableActions }> {
  const [booking] = await db
    .select()
    .from(bookings)
    .where(and(eq(bookings.bookingReference, reference.trim().toUpperCase()), ownedBy(viewer)));
  if (!booking) throw new DomainError("not_found", "Booking not found");
  const items = await db.select().from(bookingItems).where(eq(bookingItems.bookingId, booking.id));
  if (target && "itemId" in target && !items.some((i) => i.id === target.itemId))
    throw new DomainError("not_found", "Booking item not found", { field: "itemId" });
  const actions = await actionsFor(db, booking.id, viewer);
  assertAllowed(actions, action, target);
  return { booking, items, actions };
}

/** A modification the viewer may see, or not found. */
export async function ownedModification(
  db: Db | Tx,
  viewer: Viewer,
  modificationId: string,
  lock = false,
): Promise<Modification> {
  const q = db
    .select({ m: bookingModifications })
    .from(bookingModifications)
    .innerJoin(bookings, eq(bookings.id, bookingModifications.bookingId))
    .where(and(eq(bookingModifications.id, modificationId), ownedBy(viewer)));
  const [row] = lock ? await q.for("update", { of: bookingModifications }) : await q;
  if (!row) throw new DomainError("not_found", "Modification not found");
  return row.m;
}

export async function lockModification(tx: Tx, id: string): Promise<Modification | null> {
  const [m] = await tx.select().from(bookingModifications).where(eq(bookingModifications.id, id)).for("update");
  return m ?? null;
}

/**
 * Moves a (locked) modification to `to` and records `modification/<to>` in the same transaction.
 * Guarded on the status the caller read, so a concurrent mover cannot be overwritten.
 */
export async function moveModification(
  tx: Tx,
  m: Modification,
  to: Exclude<ModificationStatus, "pending">, // a change starts pending; it never moves back
  patch: Partial<typeof bookingModifications.$inferInsert> = {},
) {
  const [row] = await tx
    .update(bookingModifications)
    .set({ ...patch, status: to })
    .where(and(eq(bookingModifications.id, m.id), eq(bookingModifications.status, m.status)))
    .returning();
  if (!row) throw new DomainError("conflict", `The change is no longer ${m.status}`);
  await recordEvent(tx, `modification/${to}`, {
    modificationId: m.id,
    bookingId: m.bookingId,
    type: m.modificationType,
    from: m.status,
    to,
  });
  return row;
}

/** The booking's own charge (the checkout payment): its saved card pays change fees, refunds go back to it. */
export async function bookingCharge(db: Db | Tx, bookingId: string) {
  const [charge] = await db
    .select()
    .from(paymentTransactions)
    .where(
      and(
        eq(paymentTransactions.bookingId, bookingId),
        eq(paymentTransactions.kind, "charge"),
        inArray(paymentTransactions.status, ["succeeded"]),
      ),
    )
    .orderBy(paymentTransactions.createdAt)
    .limit(1);
  return charge ?? null;
}

/** A short log of what happened to the modification (kept in provider_response: its own trail). */
export function withLog(m: Modification, entry: Record<string, unknown>): Record<string, unknown> {
  const prev = (m.providerResponse ?? {}) as { log?: unknown[] };
  return { ...prev, log: [...(prev.log ?? []), { at: new Date().toISOString(), ...entry }] };
}

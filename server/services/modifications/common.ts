// Shared pieces of the modification flows: finding what a viewer may change, and moving a
// modification row between statuses with its outbox event in the caller's transaction.
import { and, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { bookingItems, bookingModifications, bookings, paymentTransactions } from "@/db/schema";
import { DomainError } from "@/server/domain/errors";
import type { Viewer } from "@/server/domain/viewer";
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
export type RequestDetails =
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
  | { kind: "contact_update"; contact: { email: string; phone?: string; name: string } };
export type PaymentInfo = { intentId: string; nextActionUrl?: string | null; status: string };

/** How long a quoted change (fee, price) holds before the traveler must ask again. */
export const QUOTE_TTL_MS = 30 * 60_000;

/** Items a change can still touch: booked, not cancelled, not waiting for a schedule-change answer. */
export const liveItemStatuses = ["confirmed", "ticketed", "modified"] as const;

const closedBooking = new Set(["cancelled", "completed", "no_show", "refunded", "disputed", "pending"]);

/** The viewer's booking by reference, ready to be changed; someone else's is not found. */
export async function modifiableBooking(
  db: Db | Tx,
  viewer: Viewer,
  reference: string,
): Promise<{ booking: BookingRow; items: ItemRow[] }> {
  const [booking] = await db
    .select()
    .from(bookings)
    .where(and(eq(bookings.bookingReference, reference.trim().toUpperCase()), ownedBy(viewer)));
  if (!booking) throw new DomainError("not_found", "Booking not found");
  if (closedBooking.has(booking.status))
    throw new DomainError("conflict", `A ${booking.status.replace("_", " ")} booking cannot be changed`);
  if (!booking.isModifiable) throw new DomainError("conflict", "This booking's fare does not allow changes");
  if (booking.modificationDeadline && booking.modificationDeadline.getTime() <= Date.now()) {
    throw new DomainError("conflict", "The deadline for changes to this booking has passed");
  }
  const items = await db.select().from(bookingItems).where(eq(bookingItems.bookingId, booking.id));
  return { booking, items };
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
  to: ModificationStatus,
  patch: Partial<typeof bookingModifications.$inferInsert> = {},
  extra: Record<string, unknown> = {},
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
    ...extra,
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

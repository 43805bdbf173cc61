import { and, desc, eq, inArray, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bookingModifications, bookings } from "@/db/schema";
import { DomainError } from "@/server/domain/errors";
import type { Viewer } from "@/server/domain/viewer";
import { ownedBy } from "@/server/services/bookings/owned-by";
import type { Modification } from "./common";

/** What a traveler sees of a change: never internal notes or raw provider answers. */
export function modificationView(m: Modification) {
  const d = m.requestDetails as {
    kind: string;
    payment?: { nextActionUrl?: string | null; status?: string };
    expiresAt?: string;
    text?: string;
  };
  return {
    id: m.id,
    type: m.modificationType,
    status: m.status,
    itemId: m.bookingItemId,
    createdAt: m.createdAt,
    completedAt: m.completedAt,
    currency: m.currency,
    priceDifferenceMinor: m.priceDifferenceMinor ?? 0,
    feeMinor: m.feeMinor ?? 0,
    totalCostMinor: m.totalCostMinor ?? 0,
    refundMinor: Number((m.modifiedData as { refundMinor?: number } | null)?.refundMinor ?? 0),
    paymentRequired: m.paymentRequired,
    expiresAt: d.expiresAt ?? null,
    nextActionUrl: m.status === "awaiting_payment" ? (d.payment?.nextActionUrl ?? null) : null,
    original: m.originalData,
    modified: m.modifiedData,
    message: m.userNotes,
  };
}
export type ModificationView = ReturnType<typeof modificationView>;

export async function listModificationsForViewer(db: Db, viewer: Viewer, reference: string) {
  const [b] = await db
    .select({ id: bookings.id })
    .from(bookings)
    .where(and(eq(bookings.bookingReference, reference.trim().toUpperCase()), ownedBy(viewer)));
  if (!b) throw new DomainError("not_found", "Booking not found");
  const rows = await db
    .select()
    .from(bookingModifications)
    .where(eq(bookingModifications.bookingId, b.id))
    .orderBy(desc(bookingModifications.createdAt))
    .limit(50);
  return rows.map(modificationView);
}

/** Ops: every field, newest first, by booking or by status. */
export async function listModificationsForOps(
  db: Db,
  input: { bookingId?: string; statuses?: Modification["status"][]; limit?: number },
) {
  const where: SQL[] = [];
  if (input.bookingId) where.push(eq(bookingModifications.bookingId, input.bookingId));
  if (input.statuses?.length) where.push(inArray(bookingModifications.status, input.statuses));
  return db
    .select({ m: bookingModifications, reference: bookings.bookingReference })
    .from(bookingModifications)
    .innerJoin(bookings, eq(bookings.id, bookingModifications.bookingId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(bookingModifications.createdAt))
    .limit(input.limit ?? 100)
    .then((rows) => rows.map((r) => ({ ...r.m, bookingReference: r.reference })));
}

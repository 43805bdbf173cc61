import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Session } from "next-auth";
import { z } from "zod";
import type { Db } from "@/db/client";
import { bookingItems, bookings, documents } from "@/db/schema";
import type { Viewer } from "@/server/domain/viewer";
import { ownedBy } from "@/server/services/bookings/owned-by";

/** Who may read documents: the booking's traveler, the guest who looked it up, or ops (every booking). */
export type DocumentViewer = Viewer | { kind: "ops" };

export function documentViewerOf(session: Session | null): DocumentViewer | null {
  const u = session?.user;
  if (!u) return null;
  if (u.role === "ops") return { kind: "ops" };
  if (u.role === "guest") return u.bookingId ? { kind: "guest", bookingId: u.bookingId } : null;
  if (u.role === "traveler" && u.id) return { kind: "traveler", userId: u.id, email: (u.email ?? "").toLowerCase() };
  return null;
}

/** The bookings a document viewer may see (also the wallet pass route's rule). */
export const visibleTo = (viewer: DocumentViewer) => (viewer.kind === "ops" ? sql`true` : ownedBy(viewer));

/** One document if this viewer may read it; someone else's, a missing one and a malformed id are all null. */
export async function getDocumentForViewer(db: Db, viewer: DocumentViewer | null, id: string) {
  if (!viewer || !z.uuid().safeParse(id).success) return null;
  const [row] = await db
    .select({
      id: documents.id,
      kind: documents.kind,
      version: documents.version,
      storageKey: documents.storageKey,
      contentType: documents.contentType,
      sizeBytes: documents.sizeBytes,
      reference: bookings.bookingReference,
    })
    .from(documents)
    .innerJoin(bookings, eq(bookings.id, documents.bookingId))
    .where(and(eq(documents.id, id), visibleTo(viewer)))
    .limit(1);
  return row ?? null;
}

export type DocumentListEntry = {
  id: string;
  kind: string;
  version: number;
  createdAt: Date;
  sizeBytes: number;
  itemId: string | null;
  itemTitle: string | null;
  itemStatus: string | null;
  traveler: string | null;
  href: string;
};

/**
 * The latest version of each document of a booking the viewer may see (older versions stay
 * readable by id). A document of an item cancelled since is listed with the item's status.
 */
export async function listDocumentsForViewer(
  db: Db,
  viewer: DocumentViewer,
  bookingId: string,
): Promise<DocumentListEntry[]> {
  const rows = await db
    .selectDistinctOn([documents.kind, documents.bookingItemId, documents.travelerIndex], {
      id: documents.id,
      kind: documents.kind,
      version: documents.version,
      createdAt: documents.createdAt,
      sizeBytes: documents.sizeBytes,
      itemId: documents.bookingItemId,
      travelerIndex: documents.travelerIndex,
      travelers: bookings.travelers,
      itemDetails: bookingItems.itemDetails,
      itemStatus: bookingItems.status,
      itemStart: bookingItems.startAt,
    })
    .from(documents)
    .innerJoin(bookings, eq(bookings.id, documents.bookingId))
    .leftJoin(bookingItems, eq(bookingItems.id, documents.bookingItemId))
    .where(and(eq(documents.bookingId, bookingId), visibleTo(viewer)))
    .orderBy(
      documents.kind,
      documents.bookingItemId,
      documents.travelerIndex,
      desc(documents.version),
      asc(documents.id),
    );
  const order = { itinerary: 0, e_ticket: 1, voucher: 2, receipt: 3 } as Record<string, number>;
  return rows
    .sort(
      (a, b) =>
        order[a.kind] - order[b.kind] ||
        (a.itemStart?.getTime() ?? 0) - (b.itemStart?.getTime() ?? 0) ||
        (a.travelerIndex ?? 0) - (b.travelerIndex ?? 0),
    )
    .map((r) => {
      const t = r.travelerIndex !== null ? r.travelers[r.travelerIndex] : undefined;
      const title = r.itemDetails ? (r.itemDetails.title ?? r.itemDetails.name) : null;
      return {
        id: r.id,
        kind: r.kind,
        version: r.version,
        createdAt: r.createdAt,
        sizeBytes: r.sizeBytes,
        itemId: r.itemId,
        itemTitle: typeof title === "string" ? title : null,
        itemStatus: r.itemStatus,
        traveler: t ? `${t.firstName} ${t.lastName}` : null,
        href: `/api/documents/${r.id}`,
      };
    });
}
